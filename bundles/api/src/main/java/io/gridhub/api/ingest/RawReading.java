package io.gridhub.api.ingest;

import io.gridhub.api.model.Quality;
import java.time.Instant;
import java.util.Objects;

/**
 * One value as a source delivered it, before normalization: the device (or source) it came from, its address in
 * that device's terms (a register, an information object address, a CSV column, ...), the raw number, the time
 * the source gave it (null when it gave none) and the source's own quality code (null or empty when it gave none;
 * the driver host passes a bad quality as {@code STATUS:REASON:detail}, e.g.
 * {@code INVALID:COMMUNICATION_FAILURE:connection lost}; a bare {@link io.gridhub.api.model.Quality.Reason} name such
 * as {@code COMMUNICATION_FAILURE} is INVALID with that reason).
 */
public record RawReading(String deviceId, String address, double rawValue, Instant sourceTime, String quality) {
    public RawReading {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(address, "address");
        quality = quality == null ? "" : quality;
    }

    /** The code the driver host passes for a quality: empty for GOOD, else {@code STATUS:REASON:detail}. */
    public static String code(Quality quality) {
        return quality.isGood() ? "" : quality.status() + ":" + quality.reason() + ":" + quality.detail();
    }

    /**
     * The quality a {@link #code(Quality)} names: {@code STATUS:REASON[:detail]} with a known, not-GOOD status and
     * reason; null for any other code (a source's own, which its mapping maps).
     */
    public static Quality fromCode(String code) {
        String[] parts = code.split(":", 3);
        if (parts.length < 2) {
            return null;
        }
        try {
            Quality.Status status = Quality.Status.valueOf(parts[0]);
            Quality.Reason reason = Quality.Reason.valueOf(parts[1]);
            if (status == Quality.Status.GOOD || reason == Quality.Reason.NONE) {
                return null;
            }
            return new Quality(status, reason, parts.length == 3 ? parts[2] : "");
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A reading with a source time and no quality code. */
    public static RawReading of(String deviceId, String address, double rawValue, Instant sourceTime) {
        return new RawReading(deviceId, address, rawValue, sourceTime, "");
    }
}
