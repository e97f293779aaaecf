package io.gridhub.api.ev;

import java.util.Objects;

/**
 * What became of a charging profile: {@link Status#ACCEPTED} when the charge point accepted it, otherwise why not.
 *
 * @param detail the charge point's error code and text, or the hub's reason ({@code ""} when accepted)
 */
public record ProfileResult(Status status, String detail) {
    public enum Status {
        /** The charge point accepted the profile. */
        ACCEPTED,
        /** The charge point answered Rejected, or the hub refused to send it (e.g. discharge on a charger without). */
        REJECTED,
        /** The charge point answered NotSupported (no smart charging), or a CALLERROR NotSupported/NotImplemented. */
        NOT_SUPPORTED,
        /** The charge point is not connected, or not configured. */
        OFFLINE,
        /** No answer in time, a CALLERROR, or an answer that does not validate. */
        FAILED
    }

    public ProfileResult {
        Objects.requireNonNull(status, "status");
        detail = detail == null ? "" : detail;
    }

    public boolean accepted() {
        return status == Status.ACCEPTED;
    }
}
