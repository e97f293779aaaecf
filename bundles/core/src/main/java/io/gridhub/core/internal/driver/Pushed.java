package io.gridhub.core.internal.driver;

import io.gridhub.api.driver.Reading;
import io.gridhub.api.driver.Subscribable;
import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.api.model.Quality;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * What one connection pushes ({@link Subscribable}): the listener the host subscribes with, and the readings it
 * queues until the device thread hands them on. The listener runs on the driver's thread and only queues, so a
 * burst becomes one cycle to normalization, on the device thread like every poll cycle. A channel the connection
 * answers with an INVALID / CONFIGURATION_ERROR reading while {@code subscribe} runs is not pushed: the host polls
 * it as before. The queue is bounded: what does not fit is counted per channel, as lost.
 */
final class Pushed<A> implements Subscribable.Listener<A> {
    /** Readings queued at most (a device thread that fell this far behind is stalled). */
    static final int MAX_QUEUED = 200_000;

    /** What the connection pushed, in the order it came. */
    sealed interface Entry permits Item, Resume {}

    /** One pushed reading and the channel it belongs to. */
    record Item(DeviceMapping.Channel channel, Reading reading, Instant received) implements Entry {}

    /** Where the device stands after the readings before this entry. */
    record Resume(String key, String value) implements Entry {}

    private final Map<A, DeviceMapping.Channel> channels;
    private final Clock clock;
    private final Runnable drainSoon;
    private final Consumer<DeviceMapping.Channel> lost;
    private final ConcurrentLinkedQueue<Entry> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Set<A> notPushed = new HashSet<>();
    private volatile Thread subscribing;
    private volatile boolean closed;
    /** Set once a cycle of this connection was not handed on: its later resume points would pass it. */
    private volatile boolean resumeHeld;

    private AutoCloseable subscription;

    /**
     * @param channels  the device's channels by address (each address once)
     * @param drainSoon asks the device thread to run {@link #drain} soon
     * @param lost      told of each reading that did not fit in the queue
     */
    Pushed(
            Map<A, DeviceMapping.Channel> channels,
            Clock clock,
            Runnable drainSoon,
            Consumer<DeviceMapping.Channel> lost) {
        this.channels = Map.copyOf(channels);
        this.clock = clock;
        this.drainSoon = drainSoon;
        this.lost = lost;
    }

    /**
     * Subscribes to every channel; returns those the connection does not push. Runs on the device thread, as every
     * call into a connection.
     */
    Set<A> subscribe(Subscribable<A> connection) throws Exception {
        subscribing = Thread.currentThread();
        try {
            subscription = connection.subscribe(new ArrayList<>(channels.keySet()), this);
        } finally {
            subscribing = null;
        }
        synchronized (notPushed) {
            return Set.copyOf(notPushed);
        }
    }

    @Override
    public void onReading(A channel, Reading reading) {
        DeviceMapping.Channel c = channels.get(channel);
        if (c == null || closed) {
            return;
        }
        if (subscribing == Thread.currentThread() && reading.quality().reason() == Quality.Reason.CONFIGURATION_ERROR) {
            synchronized (notPushed) {
                notPushed.add(channel);
            }
            return;
        }
        if (!enqueue(new Item(c, reading, clock.instant()))) {
            lost.accept(c);
        }
    }

    @Override
    public void onResumePoint(String key, String value) {
        // One that does not fit is no loss: the device resumes from an earlier point and sends a little twice.
        if (key != null && value != null && !closed) {
            enqueue(new Resume(key, value));
        }
    }

    private boolean enqueue(Entry e) {
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            return false;
        }
        queue.add(e);
        if (drainScheduled.compareAndSet(false, true)) {
            drainSoon.run();
        }
        return true;
    }

    /** Everything queued so far, in the order it came (the device thread hands it on as one cycle). */
    List<Entry> drain() {
        drainScheduled.set(false);
        List<Entry> out = new ArrayList<>(Math.min(queued.get(), 4096));
        Entry i;
        while ((i = queue.poll()) != null) {
            queued.decrementAndGet();
            out.add(i);
        }
        return out;
    }

    /** A cycle was not handed on: no resume point of this connection is kept from now on. */
    void holdResumePoints() {
        resumeHeld = true;
    }

    boolean resumePointsHeld() {
        return resumeHeld;
    }

    /** Ends the subscription; readings that come later are ignored. What is queued can still be drained. */
    void close() {
        closed = true;
        AutoCloseable s = subscription;
        if (s != null) {
            try {
                s.close();
            } catch (Exception e) {
                // The connection is closing too: the subscription ends with it.
            }
        }
    }

    /** Channels by address, for a lookup of the points the connection does not push. */
    static <A> Map<A, DeviceMapping.Channel> byAddress(List<A> addresses, List<DeviceMapping.Channel> entries) {
        Map<A, DeviceMapping.Channel> m = new HashMap<>();
        for (int i = 0; i < addresses.size(); i++) {
            m.putIfAbsent(addresses.get(i), entries.get(i));
        }
        return m;
    }
}
