package io.gridhub.testkit;

import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.api.ingest.IngestResult;
import io.gridhub.api.ingest.RawIngest;
import io.gridhub.api.ingest.RawReading;
import io.gridhub.api.model.PointId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Normalization as the driver host sees it, in memory: the device mappings it hands out ({@link #map}), the cycles
 * handed in ({@link #cycles}, raw, all counted as accepted) and writes turned into raw values by a per-point divisor
 * ({@link #writeDivisors}, 1 by default). With {@link #failing} set every cycle fails like normalization that stopped.
 */
public class FakeIngest implements RawIngest {
    public final Map<String, DeviceMapping> mappings = new ConcurrentHashMap<>();
    public final Map<PointId, Double> writeDivisors = new ConcurrentHashMap<>();
    public final List<List<RawReading>> cycles = new CopyOnWriteArrayList<>();
    public volatile boolean failing;

    /** Describes {@code device} by these channels and poll groups (and returns this fake). */
    public FakeIngest map(String device, Map<String, Long> pollGroups, DeviceMapping.Channel... channels) {
        mappings.put(device, new DeviceMapping(device, pollGroups, List.of(channels)));
        return this;
    }

    @Override
    public IngestResult ingest(String source, List<RawReading> cycle) {
        if (failing) {
            throw new IllegalStateException("normalization is not running (test)");
        }
        cycles.add(cycle);
        return new IngestResult(cycle.size(), 0, 0);
    }

    @Override
    public Optional<DeviceMapping> mapping(String source) {
        return Optional.ofNullable(mappings.get(source));
    }

    /** {@code value} divided by the point's divisor; refuses a point no mapping of {@code source} maps. */
    @Override
    public double toRaw(String source, PointId point, double value) {
        DeviceMapping m = mappings.get(source);
        if (m == null || m.channels().stream().noneMatch(c -> c.point().equals(point))) {
            throw new IllegalArgumentException("no mapping of " + source + " maps " + point);
        }
        return value / writeDivisors.getOrDefault(point, 1.0);
    }

    /** The last raw reading handed in for an address of a source. */
    public Optional<RawReading> last(String source, String address) {
        for (int i = cycles.size() - 1; i >= 0; i--) {
            for (RawReading r : cycles.get(i)) {
                if (r.deviceId().equals(source) && r.address().equals(address)) {
                    return Optional.of(r);
                }
            }
        }
        return Optional.empty();
    }
}
