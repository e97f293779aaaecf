package io.gridhub.api.governance;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Proposals and approvals of versioned policies. A policy version takes effect only when a governance lead
 * ({@link Actor#GOVERNANCE_LEAD}) who is not its proposer has approved it, and only for periods starting at or
 * after its effective date. Every step, refused attempts included, lands in the audit log.
 */
@ProviderType
public interface PolicyGovernance {
    /**
     * Proposes a policy version (JSON with at least {@code id} and {@code version}); versions of one policy go
     * up. {@code effectiveFrom} null means the time of the proposal.
     */
    PolicyProposal propose(String policyJson, Instant effectiveFrom, Actor proposer) throws GovernanceException;

    PolicyProposal approve(long proposalId, Actor approver) throws GovernanceException;

    PolicyProposal reject(long proposalId, Actor approver, String reason) throws GovernanceException;

    /** All proposals, oldest first. */
    List<PolicyProposal> proposals();

    Optional<PolicyProposal> proposal(long proposalId);

    /** The approved version of a policy in force at an instant: the highest approved version effective by then. */
    Optional<PolicyProposal> inForce(String policyId, Instant at);

    /** The approved proposal of exactly this policy version, if there is one. */
    Optional<PolicyProposal> approved(String policyId, int version);

    /** The audit log, oldest first. */
    List<AuditEntry> audit();

    /** Checks the audit log's hash chain: empty when intact, else what is broken where. */
    Optional<String> verifyAudit();
}
