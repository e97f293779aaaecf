package io.gridhub.kafka.internal;

import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import io.gridhub.api.store.StoreException;
import io.gridhub.api.store.TimeSeriesStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes the central hub's writes idempotent by point and source time, whatever the store does with a sample it
 * already holds (the Derby store keeps both): a sample is left out when the store already has one of the same point
 * at the same source time, or when the batch had one before it. Delivery is at least once, so after a restart or a
 * rebalance the first records of a partition may be ones the store took before the offsets were committed.
 *
 * <p>The check costs nothing in the steady state: per point it remembers the newest source time stored (asked of
 * the store once, at the point's first sample), and only a sample not newer than that is looked up in the store
 * (a redelivered one, or a late one). {@link #forget} drops what it remembers (on a rebalance: another hub may have
 * stored samples of these points meanwhile). Not thread-safe: the consumer's thread uses it.
 */
final class StoredSamples {
    private static final Instant NONE = Instant.MIN;

    private final TimeSeriesStore store;
    private final Map<PointId, Instant> newest = new HashMap<>();
    private long duplicates;

    StoredSamples(TimeSeriesStore store) {
        this.store = store;
    }

    /** The samples of {@code batch} that the store does not hold yet, in their order. */
    List<Sample> fresh(List<Sample> batch) throws StoreException {
        List<Sample> out = new ArrayList<>(batch.size());
        Set<Key> seen = new HashSet<>();
        for (Sample s : batch) {
            if (!seen.add(new Key(s.point(), s.sourceTime())) || stored(s)) {
                duplicates++;
            } else {
                out.add(s);
            }
        }
        return out;
    }

    /** The store acknowledged {@code samples}. */
    void stored(List<Sample> samples) {
        for (Sample s : samples) {
            newest.merge(s.point(), s.sourceTime(), (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    /** Forgets what it knows of the store (another hub may write these points now). */
    void forget() {
        newest.clear();
    }

    /** Samples left out as already stored, since start. */
    long duplicates() {
        return duplicates;
    }

    private boolean stored(Sample s) throws StoreException {
        Instant n = newest.get(s.point());
        if (n == null) {
            n = store.latest(s.point()).map(Sample::sourceTime).orElse(NONE);
            newest.put(s.point(), n);
        }
        if (s.sourceTime().isAfter(n)) {
            return false;
        }
        Instant t = s.sourceTime();
        return !store.range(s.point(), t, t.plusNanos(1), 1).isEmpty();
    }

    private record Key(PointId point, Instant time) {}
}
