package io.gridhub.api.driver;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/** A connection that pushes changes (e.g. OPC UA monitored items, IEC 104 spontaneous data). */
@ConsumerType
public interface Subscribable<A> {
    /**
     * Subscribes to the channels; the listener is called on the driver's thread with readings as they come, and
     * must return quickly. The subscription ends with the connection or when closed.
     */
    AutoCloseable subscribe(List<A> channels, Listener<A> listener) throws ConnectionException;

    @FunctionalInterface
    @ConsumerType
    interface Listener<A> {
        void onReading(A channel, Reading reading);
    }
}
