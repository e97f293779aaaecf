package io.gridhub.core.internal.driver;

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
 * Normalization as the driver host sees it: device mappings to hand out, the cycles handed in (raw, recorded), and
 * writes turned into raw values by a per-point divisor. Can be told to fail.
 */
final class FakeIngest implements RawIngest {
    final Map<String, DeviceMapping> mappings = new ConcurrentHashMap<>();
    final Map<PointId, Double> writeDivisors = new ConcurrentHashMap<>();
    final List<List<RawReading>> cycles = new CopyOnWriteArrayList<>();
    volatile boolean failing;

    /** A mapping for {@code device} in the default poll group, from (address, point) pairs. */
    FakeIngest map(String device, Map<String, Long> pollGroups, DeviceMapping.Channel... channels) {
        mappings.put(device, new DeviceMapping(device, pollGroups, List.of(channels)));
        return this;
    }

    @Override
    public IngestResult ingest(String source, List<RawReading> cycle) {
        if (failing) {
            throw new IllegalStateException("camel context stopped");
        }
        cycles.add(cycle);
        return new IngestResult(cycle.size(), 0, 0);
    }

    @Override
    public Optional<DeviceMapping> mapping(String source) {
        return Optional.ofNullable(mappings.get(source));
    }

    @Override
    public double toRaw(String source, PointId point, double value) {
        DeviceMapping m = mappings.get(source);
        if (m == null || m.channels().stream().noneMatch(c -> c.point().equals(point))) {
            throw new IllegalArgumentException("no mapping of " + source + " maps " + point);
        }
        return value / writeDivisors.getOrDefault(point, 1.0);
    }

    /** The last value handed in for an address of a source, raw. */
    Optional<RawReading> last(String source, String address) {
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
