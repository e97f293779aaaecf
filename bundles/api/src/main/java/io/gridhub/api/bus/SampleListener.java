package io.gridhub.api.bus;

import io.gridhub.api.model.Sample;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/** Receives samples from the bus on a thread of the subscription's own; never on the publisher's thread. */
@ConsumerType
public interface SampleListener {
    /** A batch of samples, in publication order. */
    void onSamples(List<Sample> samples);

    /**
     * The subscription's queue was full: {@code count} samples were dropped for this listener since the last
     * call (the bus never blocks a publisher for a slow listener). Called before the next delivered batch.
     */
    default void onMissed(long count) {}
}
