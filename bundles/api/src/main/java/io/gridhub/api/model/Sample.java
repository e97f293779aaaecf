package io.gridhub.api.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One value of one point: the value in the point's unit, its quality, when the source says it was measured
 * and when the hub received it. Status and boolean points carry 0/1 (or the enumeration's ordinal).
 */
public record Sample(PointId point, double value, Quality quality, Instant sourceTime, Instant receivedTime) {
    public Sample {
        // Built for every reading: plain checks, without Fields.require's varargs array.
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(quality, "quality");
        Objects.requireNonNull(sourceTime, "sourceTime");
        Objects.requireNonNull(receivedTime, "receivedTime");
        if (quality.isGood() && !Double.isFinite(value)) {
            throw new IllegalArgumentException("GOOD sample of " + point + " with non-finite value " + value);
        }
    }

    /** A good sample measured and received at the same instant. */
    public static Sample good(PointId point, double value, Instant time) {
        return new Sample(point, value, Quality.GOOD, time, time);
    }
}
