package io.gridhub.api.driver;

import java.time.Duration;
import java.util.concurrent.Future;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Timed work of one connection (a periodic interrogation, the end of a report reordering window), run on a thread
 * the hub owns: a driver starts no threads or timers of its own. In the hub the tasks run on the device's own
 * thread, one at a time and never at the same time as a call into the connection; they should not block for long.
 * The hub cancels every task of a connection when it closes that connection or gives up on it.
 */
@ProviderType
public interface DeviceScheduler {
    /** Runs a task once after a delay; a task scheduled after its connection was closed never runs. */
    Future<?> schedule(Runnable task, Duration delay);

    /**
     * Runs a task after {@code initialDelay}, then every {@code period}. A task that throws is not run again; a
     * connection cancels its recurring tasks in {@link Connection#close()} as well, so that contexts without a
     * hub (tests, tools) leave nothing running.
     */
    Future<?> scheduleAtFixedRate(Runnable task, Duration initialDelay, Duration period);
}
