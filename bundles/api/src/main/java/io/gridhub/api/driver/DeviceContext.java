package io.gridhub.api.driver;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the hub tells a driver about the device it connects to, and what it does for the connection: timed work
 * ({@link #scheduler()}) and reconnecting when the link goes down on its own ({@link #linkLost}). The hub hands a
 * new context to each {@link Driver#connect} call; it belongs to the connection that call opens.
 */
@ProviderType
public interface DeviceContext {
    /** The device's configured name, for the driver's own log lines. */
    String deviceName();

    /** The hub's clock; use it for time stamps so that tests can step time. */
    Clock clock();

    /**
     * The hub's scheduler for this connection's timed work.
     *
     * @since 0.4
     */
    DeviceScheduler scheduler();

    /**
     * Tells the hub that the link went down by itself (the peer closed it, a keep-alive timed out), noticed by the
     * protocol library rather than by a call. The hub closes the connection and reconnects with backoff, without
     * waiting for the next read to fail. Callable from any thread and any number of times: only the first call of
     * a connection counts, and none after the hub closed it. Calls into the connection should still throw
     * {@link ConnectionException} once the link is gone.
     *
     * @since 0.4
     */
    void linkLost(Throwable cause);

    /**
     * Where the data this connection's device could not deliver begins, per channel: the time the link was lost, or
     * after a hub restart just after the last stored sample of the channel's point. The outage ends where this
     * connection's connect began. Keyed by the channel's canonical address ({@link Driver#format}); empty when
     * nothing is missing (a first connect with nothing stored, a context outside the hub). A connection that can read
     * what the device recorded meanwhile (a meter's load profile) reads that span and hands the readings, with their
     * own source times, to its subscriber ({@link Subscribable}), as a device that pushes buffered events does.
     *
     * @since 0.8
     */
    default Map<String, Instant> backfillFrom() {
        return Map.of();
    }

    /**
     * Where this device's pushed data stood when the hub last handed it on: the value a connection of this device
     * last gave {@link Subscribable.Listener#onResumePoint} for {@code key} (e.g. a buffered report's entry id), kept
     * by the hub across reconnects and, written to disk, across a restart of the hub. A connection reads it while it
     * opens, to ask the device for what it buffered after that point. Empty when none was given, and outside the hub.
     *
     * @since 0.8
     */
    default Optional<String> resumePoint(String key) {
        return Optional.empty();
    }

    /**
     * A context outside the hub (tests, command-line tools): timed work runs on one shared daemon thread and is not
     * cancelled for the connection, and {@link #linkLost} does nothing (the next call into the connection throws).
     */
    static DeviceContext of(String deviceName, Clock clock) {
        return new DetachedContext(deviceName, clock);
    }
}
