package io.gridhub.api.driver;

import io.gridhub.api.concurrent.Daemons;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The scheduler of {@link DeviceContext#of}: one daemon thread, started on first use, shared by all such contexts. */
final class SharedScheduler implements DeviceScheduler {
    static final SharedScheduler INSTANCE = new SharedScheduler();

    private ScheduledThreadPoolExecutor executor;

    private SharedScheduler() {}

    private synchronized ScheduledThreadPoolExecutor executor() {
        if (executor == null) {
            executor = new ScheduledThreadPoolExecutor(1, Daemons.threads("gridhub-device-context"));
            executor.setRemoveOnCancelPolicy(true);
        }
        return executor;
    }

    @Override
    public Future<?> schedule(Runnable task, Duration delay) {
        return executor().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public Future<?> scheduleAtFixedRate(Runnable task, Duration initialDelay, Duration period) {
        return executor().scheduleAtFixedRate(task, initialDelay.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    }
}
