package io.gridhub.store.postgresql.internal;

import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Quality.Reason;
import io.gridhub.api.model.Quality.Status;
import java.util.List;

/**
 * A sample's quality in two small integers (columns {@code status} and {@code reason}) and its detail. The codes
 * are this list's positions, fixed once written: a new {@link Reason} goes at the end (QualitiesTest fails until
 * it has a code), so that the rows already stored keep their meaning.
 */
final class Qualities {
    private static final List<Status> STATUSES = List.of(Status.GOOD, Status.QUESTIONABLE, Status.INVALID);
    private static final List<Reason> REASONS = List.of(
            Reason.NONE,
            Reason.OLD_DATA,
            Reason.OUT_OF_RANGE,
            Reason.COMMUNICATION_FAILURE,
            Reason.DEVICE_FAILURE,
            Reason.CONFIGURATION_ERROR,
            Reason.SUBSTITUTED,
            Reason.BLOCKED,
            Reason.OVERFLOW,
            Reason.CLOCK_SKEW,
            Reason.NOT_CONNECTED,
            Reason.OTHER);

    private Qualities() {}

    static short status(Quality q) {
        return code(STATUSES, q.status());
    }

    static short reason(Quality q) {
        return code(REASONS, q.reason());
    }

    private static <T> short code(List<T> codes, T value) {
        int i = codes.indexOf(value);
        if (i < 0) {
            throw new IllegalArgumentException(value + " has no code in the PostgreSQL store");
        }
        return (short) i;
    }

    static Quality of(short status, short reason, String detail) {
        if (status == 0) {
            return Quality.GOOD;
        }
        Reason r = reason >= 0 && reason < REASONS.size() ? REASONS.get(reason) : Reason.OTHER;
        return new Quality(STATUSES.get(status), r, detail == null ? "" : detail);
    }
}
