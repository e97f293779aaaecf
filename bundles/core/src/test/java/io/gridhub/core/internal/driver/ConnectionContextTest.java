package io.gridhub.core.internal.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class ConnectionContextTest {
    private final ScheduledExecutorService deviceThread = Executors.newSingleThreadScheduledExecutor();
    private final List<String> lost = new CopyOnWriteArrayList<>();
    private final ConnectionContext context = new ConnectionContext(
            "dev",
            Clock.systemUTC(),
            deviceThread,
            (ctx, cause) -> lost.add(Thread.currentThread().getName() + ": " + cause.getMessage()));

    @AfterEach
    void stop() {
        deviceThread.shutdownNow();
    }

    private String deviceThreadName() throws Exception {
        return deviceThread.submit(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS);
    }

    @Test
    void timedWorkRunsOnTheDeviceThreadAndEndsWhenTheConnectionCloses() throws Exception {
        CountDownLatch three = new CountDownLatch(3);
        AtomicInteger runs = new AtomicInteger();
        List<String> threads = new CopyOnWriteArrayList<>();
        context.scheduler()
                .scheduleAtFixedRate(
                        () -> {
                            runs.incrementAndGet();
                            threads.add(Thread.currentThread().getName());
                            three.countDown();
                        },
                        Duration.ofMillis(5),
                        Duration.ofMillis(5));
        Future<?> later = context.scheduler().schedule(runs::incrementAndGet, Duration.ofMinutes(5));
        assertThat(three.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(threads).containsOnly(deviceThreadName());

        context.close();
        deviceThreadName(); // a task already running finishes first
        int atClose = runs.get();
        Thread.sleep(50);
        assertThat(runs.get()).isEqualTo(atClose);
        assertThat(later.isCancelled()).isTrue();
        assertThat(context.scheduler()
                        .schedule(runs::incrementAndGet, Duration.ZERO)
                        .isCancelled())
                .isTrue();
    }

    @Test
    void aLostLinkIsHandedToTheDeviceThreadOnceAndNotAfterClose() throws Exception {
        context.linkLost(new EOFException("peer closed"));
        context.linkLost(new EOFException("again"));
        deviceThreadName();
        assertThat(lost).containsExactly(deviceThreadName() + ": peer closed");

        ConnectionContext closed =
                new ConnectionContext("dev", Clock.systemUTC(), deviceThread, (ctx, cause) -> lost.add("after close"));
        closed.close();
        closed.linkLost(new EOFException("late"));
        deviceThreadName();
        assertThat(lost).hasSize(1);
    }

    @Test
    void aDeviceThreadThatWasAbandonedRunsNothingMore() {
        deviceThread.shutdownNow();
        assertThat(context.scheduler().schedule(() -> {}, Duration.ZERO).isCancelled())
                .isTrue();
        context.linkLost(new EOFException("gone"));
        assertThat(lost).isEmpty();
    }
}
