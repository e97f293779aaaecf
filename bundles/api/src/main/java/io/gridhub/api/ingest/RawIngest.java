package io.gridhub.api.ingest;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Where raw readings enter normalization: the driver host hands over one poll cycle of one device, the hub maps
 * each reading to a point (scale, unit, sign, quality, deadband, de-duplication, timestamp policy), publishes
 * the normalized batch on the sample bus and quarantines what it cannot normalize. Calls may come from several
 * threads at once; the cycles of one device are expected one after the other.
 */
@ProviderType
public interface RawIngest {
    /**
     * Normalizes one poll cycle of {@code source} (a device id, or the name of a non-device source) and publishes
     * it; returns once the normalized samples are on the bus.
     */
    IngestResult ingest(String source, List<RawReading> cycle);

    /**
     * Declares how the addresses of {@code source} become points, for as long as no mapping file describes the
     * source (a mapping file, with sign, range, deadband and quality codes, wins). The driver host declares each
     * device's point map before its first cycle; a later call replaces the declaration, an empty list removes it.
     */
    void declare(String source, List<SourcePoint> points);
}
