package io.gridhub.api.bus;

import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import java.util.List;
import java.util.function.Predicate;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Where every normalized sample passes. Publishing never blocks on a subscriber: each subscription has a
 * bounded queue, and a listener that falls behind is told how many samples it missed.
 */
@ProviderType
public interface SampleBus {
    /** Default queue size of a subscription, in samples. */
    int DEFAULT_CAPACITY = 65_536;

    /** Publishes a batch (e.g. one poll cycle); the latest-value cache is updated before this returns. */
    void publish(List<Sample> samples);

    default void publish(Sample sample) {
        publish(List.of(sample));
    }

    /**
     * Subscribes to the samples whose point matches {@code filter}, with a queue of {@code capacity} samples.
     *
     * @param name names the subscription in status and logs
     */
    Subscription subscribe(String name, Predicate<PointId> filter, int capacity, SampleListener listener);

    default Subscription subscribe(String name, SampleListener listener) {
        return subscribe(name, p -> true, DEFAULT_CAPACITY, listener);
    }

    /** Samples published since start. */
    long published();
}
