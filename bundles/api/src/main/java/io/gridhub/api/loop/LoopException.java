package io.gridhub.api.loop;

/** A loop request that cannot be done, with why: {@code NOT_FOUND}, or {@code CONFLICT} (e.g. not supervised). */
public class LoopException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        NOT_FOUND,
        CONFLICT
    }

    private final Reason reason;

    public LoopException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
