package io.gridhub.api.governance;

/** Where a proposal stands; only {@code APPROVED} proposals take effect. */
public enum ProposalState {
    PROPOSED,
    APPROVED,
    REJECTED
}
