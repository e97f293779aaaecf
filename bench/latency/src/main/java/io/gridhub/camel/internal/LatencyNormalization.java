package io.gridhub.camel.internal;

import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.ingest.RawIngest;
import io.gridhub.api.registry.PointRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The hub's normalization (route {@code gridhub-normalize}, as bundles/camel runs it) for bench/latency, over one
 * mapping file written here: the driver host hands it each cycle raw, it publishes on the bus.
 */
public final class LatencyNormalization {
    private LatencyNormalization() {}

    /** A running engine with {@code mappingJson} as its only mapping file, in {@code dir}; close it when done. */
    public static RawIngest start(Path dir, String mappingJson, SampleBus bus, PointRegistry registry)
            throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("device.json"), mappingJson);
        return new IngestEngine(
                new DefaultCamelContext(),
                bus,
                registry,
                () -> null,
                new IngestEngine.Settings(dir, 0, null, null, null, null, 1000, null),
                Clock.systemUTC());
    }
}
