package io.gridhub.testkit;

import io.gridhub.api.bus.LatestValues;
import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.bus.SampleListener;
import io.gridhub.api.bus.Subscription;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The sample bus and its latest-value cache in memory. Unlike the hub's bus it delivers to subscribers on the
 * publisher's thread, before {@link #publish} returns, so that a test needs no wait; it keeps every published batch.
 * The latest value of a point is the one with the latest source time, as in the hub. Thread-safe.
 */
public class FakeBus implements SampleBus, LatestValues {
    private final List<List<Sample>> batches = new CopyOnWriteArrayList<>();
    private final Map<PointId, Sample> latest = new ConcurrentHashMap<>();
    private final List<Sub> subscriptions = new CopyOnWriteArrayList<>();

    @Override
    public void publish(List<Sample> samples) {
        List<Sample> batch = List.copyOf(samples);
        batches.add(batch);
        batch.forEach(this::remember);
        for (Sub s : subscriptions) {
            s.deliver(batch);
        }
    }

    /** Sets a point's latest value (GOOD, source and received time {@code t}) without publishing it. */
    public void put(String point, double value, Instant t) {
        put(new Sample(PointId.of(point), value, Quality.GOOD, t, t));
    }

    /** Sets a point's latest value without publishing it, even when an older one was there. */
    public void put(Sample sample) {
        latest.put(sample.point(), sample);
    }

    /** Forgets a point's latest value. */
    public void forget(PointId point) {
        latest.remove(point);
    }

    private void remember(Sample s) {
        latest.merge(s.point(), s, (old, now) -> now.sourceTime().isBefore(old.sourceTime()) ? old : now);
    }

    @Override
    public Subscription subscribe(String name, Predicate<PointId> filter, int capacity, SampleListener listener) {
        Sub s = new Sub(filter, listener);
        subscriptions.add(s);
        return s;
    }

    @Override
    public long published() {
        return batches.stream().mapToLong(List::size).sum();
    }

    /** The published batches, oldest first. */
    public List<List<Sample>> batches() {
        return List.copyOf(batches);
    }

    /** Every published sample, in publication order. */
    public List<Sample> all() {
        List<Sample> out = new ArrayList<>();
        batches.forEach(out::addAll);
        return out;
    }

    /** The subscriptions not closed yet. */
    public int subscribers() {
        return subscriptions.size();
    }

    @Override
    public Optional<Sample> latest(PointId point) {
        return Optional.ofNullable(latest.get(point));
    }

    @Override
    public Map<PointId, Sample> snapshot() {
        return Map.copyOf(latest);
    }

    private final class Sub implements Subscription {
        private final Predicate<PointId> filter;
        private final SampleListener listener;
        private final AtomicLong delivered = new AtomicLong();

        Sub(Predicate<PointId> filter, SampleListener listener) {
            this.filter = filter;
            this.listener = listener;
        }

        void deliver(List<Sample> batch) {
            List<Sample> mine =
                    batch.stream().filter(s -> filter.test(s.point())).toList();
            if (!mine.isEmpty()) {
                delivered.addAndGet(mine.size());
                listener.onSamples(mine);
            }
        }

        @Override
        public long delivered() {
            return delivered.get();
        }

        @Override
        public long missed() {
            return 0;
        }

        @Override
        public void close() {
            subscriptions.remove(this);
        }
    }
}
