package io.gridhub.loop.internal.settle;

import io.gridhub.api.model.PointId;
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

/** A time-series store in memory that aggregates like the Derby store (buckets counted from {@code from}). */
final class FakeStore implements TimeSeriesStore {
    private final Map<PointId, List<Sample>> samples = new TreeMap<>();
    private StoreException failure;

    void failWith(StoreException e) {
        failure = e;
    }

    /** Removes the samples of a point that match. */
    void remove(PointId point, Predicate<Sample> which) {
        samples.getOrDefault(point, new ArrayList<>()).removeIf(which);
    }

    @Override
    public synchronized void append(List<Sample> batch) {
        for (Sample s : batch) {
            samples.computeIfAbsent(s.point(), k -> new ArrayList<>()).add(s);
        }
    }

    @Override
    public synchronized List<Sample> range(PointId point, Instant from, Instant to) throws StoreException {
        if (failure != null) {
            throw failure;
        }
        return samples.getOrDefault(point, List.of()).stream()
                .filter(s -> !s.sourceTime().isBefore(from) && s.sourceTime().isBefore(to))
                .sorted(Comparator.comparing(Sample::sourceTime))
                .toList();
    }

    @Override
    public synchronized List<Bucket> aggregate(PointId point, Instant from, Instant to, Duration step)
            throws StoreException {
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
    public synchronized Optional<Sample> latest(PointId point) {
        List<Sample> l = samples.getOrDefault(point, List.of());
        return l.stream().max(Comparator.comparing(Sample::sourceTime));
    }
}
