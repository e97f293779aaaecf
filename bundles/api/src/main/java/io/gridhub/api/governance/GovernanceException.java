package io.gridhub.api.governance;

/** A governance step that was refused; the message says what and why, {@link #reason()} how to answer it. */
public class GovernanceException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a step was refused. */
    public enum Reason {
        /** The proposal itself is malformed (the message names the line). */
        INVALID,
        /** The actor may not take this step (role, or approving their own proposal). */
        FORBIDDEN,
        /** No such proposal. */
        NOT_FOUND,
        /** The step does not fit the current state (already decided, version not new). */
        CONFLICT,
        /** The audit log cannot be read or written, or its chain is broken. */
        STORAGE
    }

    private final Reason reason;

    public GovernanceException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public GovernanceException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
