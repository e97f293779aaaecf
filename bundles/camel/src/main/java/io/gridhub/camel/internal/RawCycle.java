package io.gridhub.camel.internal;

import io.gridhub.api.ingest.RawReading;
import java.time.Instant;
import java.util.List;

/**
 * One poll cycle (or one file, one push) of one source: the body of a normalization exchange. {@code raw} is what
 * arrived, for the quarantine, per reading: the CSV line or JSON text it came from; empty for device readings.
 */
record RawCycle(String source, List<RawReading> readings, Instant received, List<String> raw) {
    RawCycle {
        readings = List.copyOf(readings);
        raw = raw == null ? List.of() : List.copyOf(raw);
    }

    static RawCycle of(String source, List<RawReading> readings, Instant received) {
        return new RawCycle(source, readings, received, List.of());
    }

    String rawOf(int i) {
        return i < raw.size() ? raw.get(i) : "";
    }
}
