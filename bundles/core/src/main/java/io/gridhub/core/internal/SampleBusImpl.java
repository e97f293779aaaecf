package io.gridhub.core.internal;

import io.gridhub.api.bus.LatestValues;
import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.bus.SampleListener;
import io.gridhub.api.bus.Subscription;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The sample bus and latest-value cache in one: a publish updates the cache, then offers the samples to every
 * subscription's own bounded queue. Nothing here waits on a subscriber.
 */
@Component(service = {SampleBus.class, LatestValues.class})
public final class SampleBusImpl implements SampleBus, LatestValues {
    private final Map<PointId, Sample> latest = new ConcurrentHashMap<>();
    private final List<BusSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicLong published = new AtomicLong();

    @Override
    public void publish(List<Sample> samples) {
        for (Sample s : samples) {
            latest.merge(s.point(), s, SampleBusImpl::newer);
        }
        for (BusSubscription sub : subscriptions) {
            for (Sample s : samples) {
                sub.offer(s);
            }
        }
        published.addAndGet(samples.size());
    }

    /** The later sample by source time; on a tie the one received last. */
    private static Sample newer(Sample old, Sample candidate) {
        return candidate.sourceTime().isBefore(old.sourceTime()) ? old : candidate;
    }

    @Override
    public Subscription subscribe(String name, Predicate<PointId> filter, int capacity, SampleListener listener) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(listener, "listener");
        BusSubscription sub = new BusSubscription(name, filter, capacity, listener, subscriptions::remove);
        subscriptions.add(sub);
        sub.start();
        return sub;
    }

    @Override
    public long published() {
        return published.get();
    }

    @Override
    public Optional<Sample> latest(PointId point) {
        return Optional.ofNullable(latest.get(point));
    }

    @Override
    public Map<PointId, Sample> snapshot() {
        return new TreeMap<>(latest);
    }

    /** Status of each live subscription, for the REST API and the console. */
    public List<SubscriptionStatus> subscriptions() {
        return subscriptions.stream()
                .map(s -> new SubscriptionStatus(s.name(), s.queued(), s.delivered(), s.missed()))
                .toList();
    }

    public record SubscriptionStatus(String name, int queued, long delivered, long missed) {}

    @Deactivate
    void deactivate() {
        subscriptions.forEach(BusSubscription::close);
    }
}
