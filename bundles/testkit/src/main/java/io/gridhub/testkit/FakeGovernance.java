package io.gridhub.testkit;

import io.gridhub.api.governance.Actor;
import io.gridhub.api.governance.AuditEntry;
import io.gridhub.api.governance.PolicyGovernance;
import io.gridhub.api.governance.PolicyProposal;
import io.gridhub.api.governance.ProposalState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Policy governance in memory: proposals and decisions with the hub's rule for what is in force (the highest approved
 * version effective by then); no audit log, no role or two-person checks. Thread-safe.
 */
public class FakeGovernance implements PolicyGovernance {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*(\\d+)");
    private final Clock clock;
    private final List<PolicyProposal> proposals = new ArrayList<>();

    public FakeGovernance(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized PolicyProposal propose(String json, Instant effectiveFrom, Actor proposer) {
        Matcher id = ID.matcher(json);
        Matcher v = VERSION.matcher(json);
        if (!id.find() || !v.find()) {
            throw new IllegalArgumentException("policy without id or version");
        }
        PolicyProposal p = new PolicyProposal(
                proposals.size() + 1,
                id.group(1),
                Integer.parseInt(v.group(1)),
                json,
                "",
                proposer.name(),
                clock.instant(),
                effectiveFrom == null ? clock.instant() : effectiveFrom,
                ProposalState.PROPOSED,
                null,
                null,
                null);
        proposals.add(p);
        return p;
    }

    @Override
    public synchronized PolicyProposal approve(long proposalId, Actor approver) {
        return decide(proposalId, ProposalState.APPROVED, approver, null);
    }

    @Override
    public synchronized PolicyProposal reject(long proposalId, Actor approver, String reason) {
        return decide(proposalId, ProposalState.REJECTED, approver, reason);
    }

    private PolicyProposal decide(long id, ProposalState state, Actor by, String reason) {
        PolicyProposal p = proposals.get((int) id - 1).decided(state, by.name(), clock.instant(), reason);
        proposals.set((int) id - 1, p);
        return p;
    }

    @Override
    public synchronized List<PolicyProposal> proposals() {
        return List.copyOf(proposals);
    }

    @Override
    public synchronized Optional<PolicyProposal> proposal(long proposalId) {
        return proposals.stream().filter(p -> p.id() == proposalId).findFirst();
    }

    @Override
    public synchronized Optional<PolicyProposal> inForce(String policyId, Instant at) {
        return PolicyProposal.inForce(proposals, policyId, at);
    }

    @Override
    public synchronized Optional<PolicyProposal> approved(String policyId, int version) {
        return PolicyProposal.approved(proposals, policyId, version);
    }

    @Override
    public List<AuditEntry> audit() {
        return List.of();
    }

    @Override
    public Optional<String> verifyAudit() {
        return Optional.empty();
    }
}
