package io.gridhub.api.governance;

import io.gridhub.api.check.Fields;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * One proposed version of a policy (allocation keys, fairness rules, priorities, benefit policies): its JSON
 * text, who proposed it and from when it is to apply, and the decision on it.
 *
 * @param contentSha256 hex SHA-256 of {@code content} as proposed
 * @param effectiveFrom the policy applies to periods that start at or after this instant, once approved
 * @param decidedBy     the governance lead who approved or rejected it; {@code null} while proposed
 */
public record PolicyProposal(
        long id,
        String policyId,
        int version,
        String content,
        String contentSha256,
        String proposedBy,
        Instant proposedAt,
        Instant effectiveFrom,
        ProposalState state,
        String decidedBy,
        Instant decidedAt,
        String reason) {
    public PolicyProposal {
        Fields.require(
                "policyId content proposedBy effectiveFrom state", policyId, content, proposedBy, effectiveFrom, state);
    }

    /** The same proposal, decided. */
    public PolicyProposal decided(ProposalState newState, String by, Instant at, String why) {
        return new PolicyProposal(
                id,
                policyId,
                version,
                content,
                contentSha256,
                proposedBy,
                proposedAt,
                effectiveFrom,
                newState,
                by,
                at,
                why);
    }

    /** {@code id@vversion}, as allocation lines name it. */
    public String ref() {
        return policyId + "@v" + version;
    }

    /**
     * Of these proposals, the approved version of a policy in force at an instant: the highest approved version
     * effective by then. The rule behind {@link PolicyGovernance#inForce}, for every implementation of it.
     *
     * @since 0.4
     */
    public static Optional<PolicyProposal> inForce(Collection<PolicyProposal> proposals, String policyId, Instant at) {
        return proposals.stream()
                .filter(p -> p.policyId.equals(policyId)
                        && p.state == ProposalState.APPROVED
                        && !p.effectiveFrom.isAfter(at))
                .max(Comparator.comparingInt(PolicyProposal::version));
    }

    /**
     * Of these proposals, the approved one of exactly this policy version. The rule behind
     * {@link PolicyGovernance#approved}, for every implementation of it.
     *
     * @since 0.4
     */
    public static Optional<PolicyProposal> approved(
            Collection<PolicyProposal> proposals, String policyId, int version) {
        return proposals.stream()
                .filter(p -> p.policyId.equals(policyId) && p.version == version && p.state == ProposalState.APPROVED)
                .findFirst();
    }
}
