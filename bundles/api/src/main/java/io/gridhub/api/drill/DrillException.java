package io.gridhub.api.drill;

import java.util.Objects;

/** A drill that cannot run, and why: the request's fault, or no live state to run it on yet. */
public final class DrillException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a drill cannot run. */
    public enum Reason {
        /** The drill is not valid (the message names where: a JSON path, or the field). */
        INVALID,
        /** No such community, or no such run. */
        NOT_FOUND,
        /** Another drill runs now (drills share the hub's processors with the loop). */
        BUSY,
        /** No live scenario yet (the loop has not planned the community since it started). */
        UNAVAILABLE
    }

    private final Reason reason;

    public DrillException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
