package io.gridhub.api.store;

import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A data-quality gap of a point in the store: from a sample that is not GOOD (a lost link's COMMUNICATION_FAILURE,
 * the driver host's mark of an outage nothing back-filled, dropped pushed readings) to the next GOOD sample. What
 * happened in between is not known; settlement does not read it as a measured value.
 *
 * @param point   the point
 * @param from    source time of the first sample that was not GOOD
 * @param to      source time of the next GOOD sample, or the end of the period asked for when none came
 * @param quality the quality of the first sample (why the gap began)
 * @param open    whether no GOOD sample ended it before the end of the period asked for
 * @since 0.5
 */
public record QualityGap(PointId point, Instant from, Instant to, Quality quality, boolean open) {
    public QualityGap {
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(quality, "quality");
    }

    /** How long the gap lasted. */
    public Duration length() {
        return Duration.between(from, to);
    }

    /** Whether the gap covers any part of {@code [start, end)}. */
    public boolean overlaps(Instant start, Instant end) {
        return from.isBefore(end) && (to.isAfter(start) || (open && !to.isBefore(start)));
    }
}
