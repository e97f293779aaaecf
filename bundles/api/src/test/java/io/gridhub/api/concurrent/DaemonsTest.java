package io.gridhub.api.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DaemonsTest {
    @Test
    void aThreadIsAnUnstartedNamedDaemonThatRunsItsTask() throws Exception {
        CompletableFuture<Thread> ran = new CompletableFuture<>();
        Thread t = Daemons.thread("gridhub-test-thread", () -> ran.complete(Thread.currentThread()));

        assertThat(t.isDaemon()).isTrue();
        assertThat(t.getName()).isEqualTo("gridhub-test-thread");
        assertThat(t.getState()).isEqualTo(Thread.State.NEW);
        t.start();
        assertThat(ran.get(5, TimeUnit.SECONDS)).isSameAs(t);
    }

    @Test
    void theFactoryMakesNamedDaemonsForEachTask() {
        ThreadFactory factory = Daemons.threads("gridhub-test-pool");
        Runnable task = () -> {};

        Thread a = factory.newThread(task);
        Thread b = factory.newThread(task);

        assertThat(a).isNotSameAs(b);
        assertThat(a.isDaemon()).isTrue();
        assertThat(b.isDaemon()).isTrue();
        assertThat(a.getName()).isEqualTo("gridhub-test-pool");
        assertThat(b.getName()).isEqualTo("gridhub-test-pool");
    }

    @Test
    void aFactoryNeedsAName() {
        assertThatThrownBy(() -> Daemons.threads(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("name");
    }

    @Test
    void theSchedulerRunsEveryTaskOnOneNamedDaemon() throws Exception {
        ScheduledExecutorService scheduler = Daemons.scheduler("gridhub-test-scheduler");
        try {
            CompletableFuture<Thread> first = new CompletableFuture<>();
            CompletableFuture<Thread> second = new CompletableFuture<>();
            scheduler.execute(() -> first.complete(Thread.currentThread()));
            scheduler.schedule(() -> second.complete(Thread.currentThread()), 10, TimeUnit.MILLISECONDS);

            Thread t = first.get(5, TimeUnit.SECONDS);
            assertThat(second.get(5, TimeUnit.SECONDS)).isSameAs(t);
            assertThat(t.isDaemon()).isTrue();
            assertThat(t.getName()).isEqualTo("gridhub-test-scheduler");
        } finally {
            scheduler.shutdownNow();
        }
        assertThat(scheduler.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }
}
