package io.gridhub.testkit;

import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import io.gridhub.api.store.Bucket;
import io.gridhub.api.store.StoreException;
import io.gridhub.api.store.TimeSeriesStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A time-series store in memory that answers like the Derby store: ranges in source-time order, buckets of good
 * samples counted from {@code from}, the latest sample by source time. {@link #failWith} makes every call throw,
 * like a store that is down. Thread-safe.
 */
public class FakeStore implements TimeSeriesStore {
    private final Map<PointId, List<Sample>> samples = new TreeMap<>();
    private volatile StoreException failure;
    private int aggregates;

    /** Every later call throws {@code e}; {@code null} heals the store. */
    public void failWith(StoreException e) {
        failure = e;
    }

    /** Stores a GOOD sample of {@code point} at {@code t} (source and received time). */
    public void put(String point, Instant t, double value) {
        PointId id = PointId.of(point);
        add(new Sample(id, value, Quality.GOOD, t, t));
    }

    /** Stores samples as they are, even while the store fails (test set-up, not the code under test). */
    public void putAll(List<Sample> batch) {
        batch.forEach(this::add);
    }

    /** Removes the samples of a point that match. */
    public synchronized void remove(PointId point, Predicate<Sample> which) {
        samples.getOrDefault(point, new ArrayList<>()).removeIf(which);
    }

    /** Every stored sample, by point and then in order of storing. */
    public synchronized List<Sample> stored() {
        return samples.values().stream().flatMap(List::stream).toList();
    }

    /** How many times {@link #aggregate} was asked. */
    public synchronized int aggregates() {
        return aggregates;
    }

    private synchronized void add(Sample s) {
        samples.computeIfAbsent(s.point(), k -> new ArrayList<>()).add(s);
    }

    private void check() throws StoreException {
        StoreException e = failure;
        if (e != null) {
            throw e;
        }
    }

    @Override
    public void append(List<Sample> batch) throws StoreException {
        check();
        putAll(batch);
    }

    @Override
    public synchronized List<Sample> range(PointId point, Instant from, Instant to) throws StoreException {
        check();
        return samples.getOrDefault(point, List.of()).stream()
                .filter(s -> !s.sourceTime().isBefore(from) && s.sourceTime().isBefore(to))
                .sorted(Comparator.comparing(Sample::sourceTime))
                .toList();
    }

    @Override
    public synchronized List<Bucket> aggregate(PointId point, Instant from, Instant to, Duration step)
            throws StoreException {
        aggregates++;
        TreeMap<Long, List<Double>> buckets = new TreeMap<>();
        for (Sample s : range(point, from, to)) {
            if (s.quality().isGood()) {
                long k = Duration.between(from, s.sourceTime()).toNanos() / step.toNanos();
                buckets.computeIfAbsent(k, x -> new ArrayList<>()).add(s.value());
            }
        }
        List<Bucket> out = new ArrayList<>();
        buckets.forEach((k, v) -> out.add(new Bucket(
                from.plus(step.multipliedBy(k)),
                v.size(),
                v.stream().mapToDouble(d -> d).min().orElseThrow(),
                v.stream().mapToDouble(d -> d).max().orElseThrow(),
                v.stream().mapToDouble(d -> d).average().orElseThrow(),
                v.get(v.size() - 1))));
        return out;
    }

    @Override
    public synchronized Optional<Sample> latest(PointId point) throws StoreException {
        check();
        return samples.getOrDefault(point, List.of()).stream().max(Comparator.comparing(Sample::sourceTime));
    }

    @Override
    public synchronized long erase(PointId point) throws StoreException {
        check();
        List<Sample> gone = samples.remove(point);
        return gone == null ? 0 : gone.size();
    }
}
