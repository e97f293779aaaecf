package io.gridhub.bench;

import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.api.ingest.IngestResult;
import io.gridhub.api.ingest.RawIngest;
import io.gridhub.api.ingest.RawReading;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for the hub's normalization route, which the driver host hands its raw readings to (the route's own
 * cost is measured by bench/ingest): each device's mapping with a scale per address; a poll cycle becomes samples on
 * the bus, a write's value is scaled back. The Modbus polling and the loop benchmarks use it.
 */
public final class ScalingIngest implements RawIngest {
    private record Device(DeviceMapping mapping, Map<String, PointId> points, Map<String, Double> scales) {}

    private final SampleBus bus;
    private final Clock clock;
    private final Map<String, Device> devices = new ConcurrentHashMap<>();

    public ScalingIngest(SampleBus bus, Clock clock) {
        this.bus = bus;
        this.clock = clock;
    }

    /** Describes a device: its mapping, and the scale of each address that has one (else 1). */
    public void describe(DeviceMapping mapping, Map<String, Double> scales) {
        Map<String, PointId> points = new HashMap<>();
        mapping.channels().forEach(c -> points.put(c.address(), c.point()));
        devices.put(mapping.source(), new Device(mapping, points, Map.copyOf(scales)));
    }

    @Override
    public IngestResult ingest(String source, List<RawReading> cycle) {
        Device d = devices.get(source);
        if (d == null) {
            return IngestResult.EMPTY;
        }
        Instant now = clock.instant();
        List<Sample> out = new ArrayList<>(cycle.size());
        for (RawReading r : cycle) {
            PointId p = d.points().get(r.address());
            if (p != null) {
                Quality q = RawReading.fromCode(r.quality());
                double v = r.rawValue() * d.scales().getOrDefault(r.address(), 1.0);
                out.add(new Sample(p, v, q == null ? Quality.GOOD : q, r.sourceTime(), now));
            }
        }
        bus.publish(out);
        return new IngestResult(out.size(), 0, cycle.size() - out.size());
    }

    @Override
    public Optional<DeviceMapping> mapping(String source) {
        return Optional.ofNullable(devices.get(source)).map(Device::mapping);
    }

    @Override
    public double toRaw(String source, PointId point, double value) {
        Device d = devices.get(source);
        if (d != null) {
            for (Map.Entry<String, PointId> e : d.points().entrySet()) {
                if (e.getValue().equals(point)) {
                    return value / d.scales().getOrDefault(e.getKey(), 1.0);
                }
            }
        }
        throw new IllegalArgumentException("no mapping of " + source + " maps " + point);
    }
}
