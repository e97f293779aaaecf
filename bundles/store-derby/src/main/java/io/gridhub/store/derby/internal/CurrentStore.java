package io.gridhub.store.derby.internal;

import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import io.gridhub.api.store.Bucket;
import io.gridhub.api.store.BucketsAndGaps;
import io.gridhub.api.store.QualityGap;
import io.gridhub.api.store.StoreException;
import io.gridhub.api.store.TimeSeriesStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The registered {@link TimeSeriesStore}: every call goes to the store of the moment ({@link StoreRecovery#store}):
 * the open one, the one reopened after its database failed, and while it is being reopened the failed one, which
 * refuses every call with the reason (health's readiness reports it). Every method of the interface is passed on: a
 * method left to its default would answer for the store without it (erase would refuse, gaps page through samples).
 */
final class CurrentStore implements TimeSeriesStore {
    private final Supplier<DerbyStore> store;

    CurrentStore(Supplier<DerbyStore> store) {
        this.store = store;
    }

    @Override
    public void append(List<Sample> samples) throws StoreException {
        store.get().append(samples);
    }

    @Override
    public void appendAndPublish(List<Sample> samples, SampleBus bus) throws StoreException {
        store.get().appendAndPublish(samples, bus);
    }

    @Override
    public List<Sample> range(PointId point, Instant from, Instant to) throws StoreException {
        return store.get().range(point, from, to);
    }

    @Override
    public List<Sample> range(PointId point, Instant from, Instant to, int limit) throws StoreException {
        return store.get().range(point, from, to, limit);
    }

    @Override
    public List<Bucket> aggregate(PointId point, Instant from, Instant to, Duration step) throws StoreException {
        return store.get().aggregate(point, from, to, step);
    }

    @Override
    public Optional<Sample> latest(PointId point) throws StoreException {
        return store.get().latest(point);
    }

    @Override
    public List<QualityGap> gaps(PointId point, Instant from, Instant to) throws StoreException {
        return store.get().gaps(point, from, to);
    }

    @Override
    public BucketsAndGaps bucketsAndGaps(PointId point, Instant from, Instant to, Duration step) throws StoreException {
        return store.get().bucketsAndGaps(point, from, to, step);
    }

    @Override
    public long erase(PointId point) throws StoreException {
        return store.get().erase(point);
    }
}
