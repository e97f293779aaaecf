package io.gridhub.api.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyProposalTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static PolicyProposal proposal(long id, String policy, int version, Instant from, ProposalState state) {
        return new PolicyProposal(id, policy, version, "{}", "", "op", T0, from, state, null, null, null);
    }

    @Test
    void inForceIsTheHighestApprovedVersionEffectiveByThen() {
        List<PolicyProposal> all = List.of(
                proposal(1, "keys", 1, T0, ProposalState.APPROVED),
                proposal(2, "keys", 2, T0.plusSeconds(3600), ProposalState.APPROVED),
                proposal(3, "keys", 3, T0, ProposalState.REJECTED),
                proposal(4, "keys", 4, T0, ProposalState.PROPOSED),
                proposal(5, "other", 9, T0, ProposalState.APPROVED));

        assertThat(PolicyProposal.inForce(all, "keys", T0.minusSeconds(1))).isEmpty();
        assertThat(PolicyProposal.inForce(all, "keys", T0))
                .map(PolicyProposal::version)
                .contains(1);
        assertThat(PolicyProposal.inForce(all, "keys", T0.plusSeconds(3600)))
                .map(PolicyProposal::version)
                .contains(2);
        assertThat(PolicyProposal.inForce(all, "none", T0.plusSeconds(3600))).isEmpty();
    }

    @Test
    void approvedIsExactlyThatVersionOnceApproved() {
        List<PolicyProposal> all = List.of(
                proposal(1, "keys", 1, T0, ProposalState.APPROVED),
                proposal(2, "keys", 2, T0, ProposalState.REJECTED),
                proposal(3, "other", 1, T0, ProposalState.APPROVED));

        assertThat(PolicyProposal.approved(all, "keys", 1))
                .map(PolicyProposal::id)
                .contains(1L);
        assertThat(PolicyProposal.approved(all, "keys", 2)).isEmpty();
        assertThat(PolicyProposal.approved(all, "keys", 3)).isEmpty();
    }
}
