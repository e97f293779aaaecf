package io.gridhub.api.ingest;

/**
 * What became of a poll cycle: {@code published} samples went to the bus, {@code quarantined} readings went to
 * the quarantine with their reason, {@code suppressed} readings were left out on purpose (deadband or duplicate).
 * The three add up to the readings handed in: nothing is dropped without being counted.
 */
public record IngestResult(int published, int quarantined, int suppressed) {
    public static final IngestResult EMPTY = new IngestResult(0, 0, 0);

    public int total() {
        return published + quarantined + suppressed;
    }

    public IngestResult plus(IngestResult other) {
        return new IngestResult(
                published + other.published, quarantined + other.quarantined, suppressed + other.suppressed);
    }
}
