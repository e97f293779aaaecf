package io.gridhub.driver.testkit;

import io.gridhub.api.concurrent.Daemons;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.DeviceScheduler;
import io.gridhub.testkit.Waits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A {@link DeviceContext} for a driver's tests, standing in for the hub's: timed work runs on one thread of its own
 * ({@link #scheduled()} counts what was scheduled), a lost link is recorded ({@link #linkLosses()},
 * {@link #awaitLinkLost}), and {@link #close()} ends the timed work the way the hub does when it closes a
 * connection. One context per connection, as in the hub.
 */
public final class TestDeviceContext implements DeviceContext, DeviceScheduler, AutoCloseable {
    private final String deviceName;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor thread;
    private final List<Throwable> losses = new CopyOnWriteArrayList<>();
    private final List<Future<?>> tasks = new CopyOnWriteArrayList<>();
    private volatile Map<String, Instant> backfillFrom = Map.of();

    public TestDeviceContext(String deviceName, Clock clock) {
        this.deviceName = deviceName;
        this.clock = clock;
        this.thread = new ScheduledThreadPoolExecutor(1, Daemons.threads("test-device-" + deviceName));
        thread.setRemoveOnCancelPolicy(true);
    }

    public TestDeviceContext(String deviceName) {
        this(deviceName, Clock.systemUTC());
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

    /**
     * Sets what {@link #backfillFrom()} answers, as the hub would after an outage: per channel (canonical address),
     * where its missing data begins. Set it before the connect that is to back-fill.
     */
    public TestDeviceContext backfillFrom(Map<String, Instant> from) {
        this.backfillFrom = Map.copyOf(from);
        return this;
    }

    @Override
    public DeviceScheduler scheduler() {
        return this;
    }

    @Override
    public Future<?> schedule(Runnable task, Duration delay) {
        return track(thread.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS));
    }

    @Override
    public Future<?> scheduleAtFixedRate(Runnable task, Duration initialDelay, Duration period) {
        return track(thread.scheduleAtFixedRate(task, initialDelay.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS));
    }

    private Future<?> track(Future<?> f) {
        tasks.add(f);
        return f;
    }

    /** Everything the driver scheduled, in order (cancelled and done ones too). */
    public List<Future<?>> scheduled() {
        return List.copyOf(tasks);
    }

    @Override
    public void linkLost(Throwable cause) {
        losses.add(cause);
    }

    /** The causes the driver reported through {@link #linkLost}, oldest first. */
    public List<Throwable> linkLosses() {
        return List.copyOf(losses);
    }

    /** The first reported lost link, waiting up to {@code patience} for it; an AssertionError when none came. */
    public Throwable awaitLinkLost(Duration patience) {
        Waits.until(patience, () -> !losses.isEmpty(), "device " + deviceName + " to report a lost link");
        return losses.get(0);
    }

    /** Cancels the timed work and stops the thread, as the hub does when it closes the connection. */
    @Override
    public void close() {
        tasks.forEach(f -> f.cancel(false));
        thread.shutdownNow();
    }
}
