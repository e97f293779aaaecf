package io.gridhub.api.ingest;

import io.gridhub.api.model.PointId;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Normalization, the one owner of how raw values become samples, as the driver host sees it. Each device is
 * described once, by its mapping (address → point, scale, offset, unit, sign, range, quality codes, deadband,
 * de-duplication, poll group): the driver host asks for the device's {@link DeviceMapping} to know what to read,
 * hands over each poll cycle's raw readings, and asks for the raw value of a write. It never scales or publishes
 * samples itself. Calls may come from several threads at once; the cycles of one device come one after the other.
 */
@ProviderType
public interface RawIngest {
    /**
     * Normalizes one poll cycle of {@code source} (a device name, or the name of a non-device source) and publishes
     * it; returns once the normalized samples are on the bus.
     */
    IngestResult ingest(String source, List<RawReading> cycle);

    /** The mapping that describes {@code source} now; empty when none does. */
    Optional<DeviceMapping> mapping(String source);

    /**
     * The raw value to write for {@code value} of a point (in the point's unit and the hub's sign convention): the
     * source's mapping undone (sign, unit, offset, scale).
     *
     * @throws IllegalArgumentException no mapping of {@code source} maps the point, or its unit is not convertible
     */
    double toRaw(String source, PointId point, double value);
}
