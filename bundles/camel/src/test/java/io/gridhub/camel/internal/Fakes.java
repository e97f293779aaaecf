package io.gridhub.camel.internal;

import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.bus.SampleListener;
import io.gridhub.api.bus.Subscription;
import io.gridhub.api.model.Point;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import io.gridhub.api.registry.PointRegistry;
import io.gridhub.api.store.Bucket;
import io.gridhub.api.store.StoreException;
import io.gridhub.api.store.TimeSeriesStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** In-memory stand-ins for the hub's services, for route and normalization tests. */
final class Fakes {
    private Fakes() {}

    static final class Bus implements SampleBus {
        final List<List<Sample>> batches = new CopyOnWriteArrayList<>();

        @Override
        public void publish(List<Sample> samples) {
            batches.add(List.copyOf(samples));
        }

        @Override
        public Subscription subscribe(String name, Predicate<PointId> filter, int capacity, SampleListener l) {
            throw new UnsupportedOperationException("not in these tests");
        }

        @Override
        public long published() {
            return batches.stream().mapToLong(List::size).sum();
        }

        List<Sample> all() {
            List<Sample> out = new ArrayList<>();
            batches.forEach(out::addAll);
            return out;
        }
    }

    static final class Store implements TimeSeriesStore {
        final List<Sample> stored = new CopyOnWriteArrayList<>();
        volatile boolean failing;

        @Override
        public void append(List<Sample> samples) throws StoreException {
            if (failing) {
                throw new StoreException("disk full (test)");
            }
            stored.addAll(samples);
        }

        @Override
        public List<Sample> range(PointId point, Instant from, Instant to) {
            return stored.stream().filter(s -> s.point().equals(point)).toList();
        }

        @Override
        public List<Bucket> aggregate(PointId point, Instant from, Instant to, Duration step) {
            return List.of();
        }

        @Override
        public Optional<Sample> latest(PointId point) {
            return Optional.empty();
        }
    }

    static final class Registry implements PointRegistry {
        final ConcurrentSkipListMap<PointId, Point> points = new ConcurrentSkipListMap<>();

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
    }
}
