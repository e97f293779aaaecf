package io.gridhub.sim.internal;

import io.gridhub.api.concurrent.Daemons;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device simulator's model steps on its own daemon thread at a fixed period. A step that throws is logged and the
 * next one runs, so one bad value never stops a simulated device.
 */
final class Steps implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Steps.class);

    private final ScheduledExecutorService timer;

    Steps(String threadName, int periodMillis, Runnable step) {
        timer = Daemons.scheduler(threadName);
        timer.scheduleAtFixedRate(
                () -> {
                    try {
                        step.run();
                    } catch (RuntimeException e) {
                        LOG.warn("{}: simulator step failed", threadName, e);
                    }
                },
                periodMillis,
                periodMillis,
                TimeUnit.MILLISECONDS);
    }

    /** Runs a task on the steps' thread, between two steps. */
    void execute(Runnable task) {
        timer.execute(task);
    }

    /** Stops stepping; idempotent. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
