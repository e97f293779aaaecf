package io.gridhub.api.driver;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A connection that pushes changes (e.g. OPC UA monitored items, IEC 104 spontaneous data, IEC 61850 reports).
 *
 * <p>The hub's driver host (0.6) subscribes to every mapped channel right after {@link Driver#connect} returns,
 * unless the device's settings say {@code subscribe = false}, reads every channel once, and then polls only what is
 * not pushed, plus every pushed channel at the device's integrity period. So that nothing the device sends first is
 * lost, a connection hands the first subscriber what it received between connect and that subscription (an
 * interrogation's answers, the time-tagged events an outstation buffered while the link was down, a buffered
 * report's entries), in the order it came. A channel it cannot push is answered, while {@code subscribe} runs and on
 * its thread, with one INVALID / CONFIGURATION_ERROR reading saying why: the hub polls that channel instead. A
 * reading keeps the device's own source time; the hub hands readings dated before earlier ones on as they are
 * (back-fill), never as stale. Readings handed to the listener later for a channel the hub polls are handed on all
 * the same (since 0.8): a connection that reads back what its device recorded during an outage
 * ({@link DeviceContext#backfillFrom()}, e.g. a meter's load profile) delivers them so, and the channel stays polled.
 *
 * <p>A device that buffers while nobody is connected (an IEC 61850 buffered report control block) tells the listener
 * where it stands after the readings handed over so far ({@link Listener#onResumePoint}); the hub keeps that once
 * those readings are handed on, also across a restart, and gives it back through
 * {@link DeviceContext#resumePoint} (0.8). Where the device can no longer give back part of an outage (it restarted,
 * its buffer overflowed), the connection hands the listener a gap mark for each channel concerned: an INVALID /
 * COMMUNICATION_FAILURE reading dated where the outage begins ({@link DeviceContext#backfillFrom()}); the hub counts
 * a gap of the point even if readings dated inside the outage still come.
 */
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

        /**
         * The device's position after every reading handed over so far (e.g. a buffered report's entry id), in order
         * with them, on the same thread: the hub keeps it once those readings are handed on, so that it never passes
         * one that was not, and writes it to disk; {@link DeviceContext#resumePoint} gives it back to a later
         * connection of the device, also after a restart of the hub. The value is the driver's own text.
         *
         * @since 0.8
         */
        default void onResumePoint(String key, String value) {}
    }
}
