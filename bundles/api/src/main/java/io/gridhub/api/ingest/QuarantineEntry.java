package io.gridhub.api.ingest;

import java.time.Instant;
import java.util.Objects;

/**
 * A value the hub could not normalize, kept with its raw input and the reason: {@code source} and {@code address}
 * say where it came from, {@code raw} is the input as received (the number, or the text of a row), {@code reason}
 * what was wrong, in words an operator can act on.
 */
public record QuarantineEntry(
        Instant received, String source, String address, String raw, Instant sourceTime, String reason) {
    public QuarantineEntry {
        Objects.requireNonNull(received, "received");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
        address = address == null ? "" : address;
        raw = raw == null ? "" : raw;
    }
}
