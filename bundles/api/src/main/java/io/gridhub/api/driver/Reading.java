package io.gridhub.api.driver;

import io.gridhub.api.model.Quality;
import java.time.Instant;
import java.util.Objects;

/**
 * One channel's raw value as the device gave it, before the hub applies scale, offset and point id.
 *
 * @param value      the value; {@code NaN} when the quality is not good and there is no value
 * @param quality    whether the value can be trusted, and if not why
 * @param sourceTime the device's own time stamp, or {@code null} when it has none (the hub uses receive time)
 */
public record Reading(double value, Quality quality, Instant sourceTime) {
    public Reading {
        Objects.requireNonNull(quality, "quality");
        if (quality.isGood() && !Double.isFinite(value)) {
            throw new IllegalArgumentException("a GOOD reading needs a finite value, got " + value);
        }
    }

    public static Reading good(double value) {
        return new Reading(value, Quality.GOOD, null);
    }

    /** No value, with the reason. */
    public static Reading failed(Quality quality) {
        return new Reading(Double.NaN, quality, null);
    }
}
