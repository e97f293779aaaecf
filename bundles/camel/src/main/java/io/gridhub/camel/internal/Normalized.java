package io.gridhub.camel.internal;

import io.gridhub.api.ingest.IngestResult;
import io.gridhub.api.ingest.QuarantineEntry;
import io.gridhub.api.model.Sample;
import java.util.List;

/** A normalized cycle: the samples to publish, what went to the quarantine, and how many were left out on purpose. */
record Normalized(String source, List<Sample> samples, List<QuarantineEntry> quarantined, int suppressed) {
    Normalized {
        samples = List.copyOf(samples);
        quarantined = List.copyOf(quarantined);
    }

    IngestResult result() {
        return new IngestResult(samples.size(), quarantined.size(), suppressed);
    }
}
