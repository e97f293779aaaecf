package io.gridhub.api.model;

import io.gridhub.api.check.Fields;

/**
 * How far a sample can be trusted, and why not. A failure on one point becomes a quality, never an exception.
 */
public record Quality(Status status, Reason reason, String detail) {
    public static final Quality GOOD = new Quality(Status.GOOD, Reason.NONE, "");

    public enum Status {
        GOOD,
        QUESTIONABLE,
        INVALID
    }

    public enum Reason {
        NONE,
        OLD_DATA,
        OUT_OF_RANGE,
        COMMUNICATION_FAILURE,
        DEVICE_FAILURE,
        CONFIGURATION_ERROR,
        SUBSTITUTED,
        BLOCKED,
        OVERFLOW,
        CLOCK_SKEW,
        NOT_CONNECTED,
        OTHER
    }

    public Quality {
        Fields.require("status reason", status, reason);
        detail = Fields.orEmpty(detail);
        if (status == Status.GOOD && reason != Reason.NONE) {
            throw new IllegalArgumentException("a GOOD quality has no reason, got " + reason);
        }
        if (status != Status.GOOD && reason == Reason.NONE) {
            throw new IllegalArgumentException(status + " quality needs a reason");
        }
    }

    public static Quality questionable(Reason reason, String detail) {
        return new Quality(Status.QUESTIONABLE, reason, detail);
    }

    public static Quality invalid(Reason reason, String detail) {
        return new Quality(Status.INVALID, reason, detail);
    }

    public boolean isGood() {
        return status == Status.GOOD;
    }
}
