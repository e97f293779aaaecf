package io.gridhub.api.store;

import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Durable storage of samples. Implementations keep their SQL to themselves, so another database can replace them. */
@ProviderType
public interface TimeSeriesStore {
    /** Stores a batch; returns only once it is committed durably (an acknowledged sample survives a crash). */
    void append(List<Sample> samples) throws StoreException;

    /**
     * Stores a batch durably, then publishes it on {@code bus}: for sources that acknowledge only what is committed
     * (an HTTP push, a file). A store that also records what the bus carries recognizes these samples and does not
     * store them a second time. Nothing is published when the append fails.
     */
    default void appendAndPublish(List<Sample> samples, SampleBus bus) throws StoreException {
        append(samples);
        bus.publish(samples);
    }

    /** Raw samples of a point with {@code from ≤ sourceTime < to}, in time order. */
    List<Sample> range(PointId point, Instant from, Instant to) throws StoreException;

    /**
     * The first {@code limit} raw samples of a point with {@code from ≤ sourceTime < to}, in time order, without
     * loading the rest of the range: for callers that cap what they return (ask for {@code limit + 1} to learn
     * whether there are more). This default loads the whole range; stores override it.
     *
     * @throws IllegalArgumentException {@code limit} is negative
     * @since 0.3
     */
    default List<Sample> range(PointId point, Instant from, Instant to, int limit) throws StoreException {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be ≥ 0, got " + limit);
        }
        List<Sample> all = range(point, from, to);
        return all.size() <= limit ? all : List.copyOf(all.subList(0, limit));
    }

    /** Min/max/avg/last per {@code step} of good samples in {@code [from, to)}; empty buckets are left out. */
    List<Bucket> aggregate(PointId point, Instant from, Instant to, Duration step) throws StoreException;

    Optional<Sample> latest(PointId point) throws StoreException;

    /**
     * The data-quality gaps of a point in {@code [from, to)}: each run of samples that are not GOOD, from the first
     * of them to the next GOOD sample (or to {@code to}, open, when none came). Read in pages of raw samples, so a
     * long period costs time, not memory; callers bound the period. Stores override it to find the gaps in one
     * read.
     *
     * @since 0.5
     */
    default List<QualityGap> gaps(PointId point, Instant from, Instant to) throws StoreException {
        final int page = 10_000;
        GapRuns runs = new GapRuns(point);
        Instant cursor = from;
        while (cursor.isBefore(to)) {
            List<Sample> samples = range(point, cursor, to, page);
            for (Sample s : samples) {
                runs.next(s.sourceTime(), s.quality());
            }
            if (samples.size() < page) {
                break;
            }
            cursor = samples.get(samples.size() - 1).sourceTime().plusNanos(1);
        }
        return runs.gaps(to);
    }

    /**
     * {@link #aggregate} and {@link #gaps} of the same period in one call, for a caller that needs both (settlement
     * reads every meter's day so): a store that can reads the point's samples once for both. This default asks for
     * each in turn; the stores override it.
     *
     * @throws IllegalArgumentException {@code step} is not positive
     * @since 0.6
     */
    default BucketsAndGaps bucketsAndGaps(PointId point, Instant from, Instant to, Duration step)
            throws StoreException {
        return new BucketsAndGaps(aggregate(point, from, to, step), gaps(point, from, to));
    }

    /**
     * Erases every stored sample of a point (a member's right to erasure, where the law allows it); returns how many
     * were erased. A store that cannot erase says so.
     */
    default long erase(PointId point) throws StoreException {
        throw new StoreException("this store cannot erase samples");
    }
}
