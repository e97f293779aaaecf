package io.gridhub.api.ingest;

import java.time.Instant;
import java.util.Objects;

/**
 * One value as a source delivered it, before normalization: the device (or source) it came from, its address in
 * that device's terms (a register, an information object address, a CSV column, ...), the raw number, the time
 * the source gave it (null when it gave none) and the source's own quality code (null or empty when it gave none;
 * the driver host passes {@link io.gridhub.api.model.Quality.Reason} names such as {@code COMMUNICATION_FAILURE}).
 */
public record RawReading(String deviceId, String address, double rawValue, Instant sourceTime, String quality) {
    public RawReading {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(address, "address");
        quality = quality == null ? "" : quality;
    }

    /** A reading with a source time and no quality code. */
    public static RawReading of(String deviceId, String address, double rawValue, Instant sourceTime) {
        return new RawReading(deviceId, address, rawValue, sourceTime, "");
    }
}
