package io.gridhub.northbound.opcua.internal;

import io.gridhub.api.bus.LatestValues;
import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.bus.SampleListener;
import io.gridhub.api.bus.Subscription;
import io.gridhub.api.driver.PointWriter;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Direction;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.Point;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.PointKind;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Quantity;
import io.gridhub.api.model.Sample;
import io.gridhub.api.model.Site;
import io.gridhub.api.registry.PointRegistry;
import io.gridhub.api.registry.TopologyProvider;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** The hub's services the server uses, in memory: one community, a meter power point and a battery setpoint. */
final class FakeHub implements SampleBus, LatestValues, PointRegistry, TopologyProvider, PointWriter {
    static final PointId POWER = PointId.of("demo.m01.meter.p");
    static final PointId SETPOINT = PointId.of("demo.shared-bat.p-set");

    final Map<PointId, Sample> latest = new ConcurrentHashMap<>();
    final Map<PointId, Point> points = new TreeMap<>();
    final List<SampleListener> listeners = new CopyOnWriteArrayList<>();
    final List<String> writes = new CopyOnWriteArrayList<>();

    FakeHub() {
        points.put(POWER, Point.of(POWER, "m01-meter", PointKind.MEASUREMENT, Quantity.values()[0], Direction.NONE));
        points.put(
                SETPOINT, Point.of(SETPOINT, "shared-bat", PointKind.SETPOINT, Quantity.values()[0], Direction.NONE));
    }

    @Override
    public List<Community> communities() {
        Asset meter = new Asset("m01-meter", "Meter", AssetKind.values()[0], 0, 0);
        Site site = new Site("m01-site", "Site 1", null, List.of(meter));
        Member m = new Member("m01", "Member 1", null, List.of(site), List.of());
        Asset bat = new Asset("shared-bat", "Shared battery", AssetKind.values()[0], 0, 0);
        return List.of(new Community("demo", "Demo", List.of(m), List.of(bat), List.of(), List.of()));
    }

    @Override
    public void publish(List<Sample> samples) {
        samples.forEach(s -> latest.put(s.point(), s));
        listeners.forEach(l -> l.onSamples(samples));
    }

    @Override
    public Subscription subscribe(String name, Predicate<PointId> filter, int capacity, SampleListener listener) {
        listeners.add(listener);
        return new Subscription() {
            @Override
            public long delivered() {
                return 0;
            }

            @Override
            public long missed() {
                return 0;
            }

            @Override
            public void close() {
                listeners.remove(listener);
            }
        };
    }

    @Override
    public long published() {
        return 0;
    }

    @Override
    public Optional<Sample> latest(PointId point) {
        return Optional.ofNullable(latest.get(point));
    }

    @Override
    public Map<PointId, Sample> snapshot() {
        return Map.copyOf(latest);
    }

    @Override
    public Optional<Point> point(PointId id) {
        return Optional.ofNullable(points.get(id));
    }

    @Override
    public Collection<Point> points() {
        return List.copyOf(points.values());
    }

    @Override
    public void register(Point point) {
        points.put(point.id(), point);
    }

    @Override
    public CompletableFuture<Quality> write(PointId point, double value) {
        writes.add(point + "=" + value);
        return CompletableFuture.completedFuture(Quality.GOOD);
    }
}
