package io.gridhub.core.internal.driver;

import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.DeviceScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@link DeviceContext} of one connection (one connect call and the connection it opens). Its timed work runs
 * on the device's own thread, so never at the same time as a call into the driver, and ends when the host closes
 * the connection (or abandons the thread). A link the driver reports lost is handed, once, to the device thread.
 * Resume points are the device's, kept by its runner ({@link ResumePoints}).
 */
final class ConnectionContext implements DeviceContext, DeviceScheduler {
    private final String deviceName;
    private final Clock clock;
    private final ScheduledExecutorService deviceThread;
    private final BiConsumer<ConnectionContext, Throwable> onLinkLost;
    private final Map<String, Instant> backfillFrom;
    private final Function<String, Optional<String>> resumePoints;

    // Guarded by this.
    private final List<Future<?>> tasks = new ArrayList<>();
    private boolean closed;
    private boolean lost;

    /**
     * @param onLinkLost run on the device thread with this context and the cause, the first time the driver reports
     *                   the link lost before the context is closed
     */
    ConnectionContext(
            String deviceName,
            Clock clock,
            ScheduledExecutorService deviceThread,
            BiConsumer<ConnectionContext, Throwable> onLinkLost) {
        this(deviceName, clock, deviceThread, Map.of(), onLinkLost, key -> Optional.empty());
    }

    /**
     * @param backfillFrom per channel (canonical address), where the data the outage this connection ends left
     *                     missing begins
     * @param resumePoints the device's resume points by key
     */
    ConnectionContext(
            String deviceName,
            Clock clock,
            ScheduledExecutorService deviceThread,
            Map<String, Instant> backfillFrom,
            BiConsumer<ConnectionContext, Throwable> onLinkLost,
            Function<String, Optional<String>> resumePoints) {
        this.deviceName = deviceName;
        this.clock = clock;
        this.deviceThread = deviceThread;
        this.backfillFrom = Map.copyOf(backfillFrom);
        this.onLinkLost = onLinkLost;
        this.resumePoints = resumePoints;
    }

    @Override
    public String deviceName() {
        return deviceName;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Map<String, Instant> backfillFrom() {
        return backfillFrom;
    }

    @Override
    public Optional<String> resumePoint(String key) {
        return resumePoints.apply(key);
    }

    @Override
    public DeviceScheduler scheduler() {
        return this;
    }

    @Override
    public Future<?> schedule(Runnable task, Duration delay) {
        return track(() -> deviceThread.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS));
    }

    @Override
    public Future<?> scheduleAtFixedRate(Runnable task, Duration initialDelay, Duration period) {
        return track(() ->
                deviceThread.scheduleAtFixedRate(task, initialDelay.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS));
    }

    private synchronized Future<?> track(Supplier<Future<?>> start) {
        if (!closed) {
            tasks.removeIf(Future::isDone);
            try {
                Future<?> f = start.get();
                tasks.add(f);
                return f;
            } catch (RejectedExecutionException e) {
                // The device thread was abandoned or stopped: so is this connection.
            }
        }
        CompletableFuture<Void> none = new CompletableFuture<>();
        none.cancel(false);
        return none;
    }

    @Override
    public void linkLost(Throwable cause) {
        synchronized (this) {
            if (closed || lost) {
                return;
            }
            lost = true;
        }
        try {
            deviceThread.execute(() -> onLinkLost.accept(this, cause));
        } catch (RejectedExecutionException e) {
            // The device thread was abandoned or stopped: whoever did that closed the connection already.
        }
    }

    /** Cancels the connection's timed work; later tasks and reports of a lost link are ignored. Idempotent. */
    synchronized void close() {
        closed = true;
        tasks.forEach(f -> f.cancel(false));
        tasks.clear();
    }
}
