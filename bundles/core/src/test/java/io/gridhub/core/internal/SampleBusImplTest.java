package io.gridhub.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.bus.SampleListener;
import io.gridhub.api.bus.Subscription;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import io.gridhub.testkit.Waits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SampleBusImplTest {
    private static final PointId P = PointId.of("c.a.p");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final SampleBusImpl bus = new SampleBusImpl();

    @AfterEach
    void tearDown() {
        bus.deactivate();
    }

    private static List<Sample> samples(int from, int n) {
        List<Sample> list = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            list.add(Sample.good(P, i, T0.plusMillis(i)));
        }
        return list;
    }

    @Test
    void deliversEverySampleInOrderToAFastSubscriber() throws Exception {
        List<Double> seen = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        bus.subscribe("fast", p -> true, 1_000, batch -> {
            batch.forEach(s -> seen.add(s.value()));
            if (seen.size() == 500) {
                done.countDown();
            }
        });
        for (int i = 0; i < 500; i += 50) {
            bus.publish(samples(i, 50));
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).hasSize(500);
        for (int i = 0; i < 500; i++) {
            assertThat(seen.get(i)).isEqualTo(i);
        }
        assertThat(bus.published()).isEqualTo(500);
    }

    @Test
    void aBlockedSubscriberNeverBlocksThePublisherAndIsToldWhatItMissed() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong received = new AtomicLong();
        AtomicLong missedReported = new AtomicLong();
        Subscription slow = bus.subscribe("slow", p -> true, 100, new SampleListener() {
            @Override
            public void onSamples(List<Sample> samples) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                received.addAndGet(samples.size());
            }

            @Override
            public void onMissed(long count) {
                missedReported.addAndGet(count);
            }
        });
        AtomicLong fastReceived = new AtomicLong();
        bus.subscribe("fast", p -> true, 20_000, batch -> fastReceived.addAndGet(batch.size()));

        long start = System.nanoTime();
        for (int i = 0; i < 10_000; i += 100) {
            bus.publish(samples(i, 100));
        }
        long publishMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // The slow listener holds its first batch until released: the publisher went on regardless (a publisher that
        // waited for it would never get here; the bound is generous for a busy machine).
        assertThat(publishMillis).isLessThan(60_000);
        release.countDown();

        Waits.until(
                Duration.ofSeconds(5),
                () -> received.get() + missedReported.get() >= 10_000 && fastReceived.get() >= 10_000,
                "every sample delivered or reported missed");
        assertThat(fastReceived.get()).isEqualTo(10_000);
        assertThat(slow.missed()).isGreaterThan(0);
        // Every sample is either delivered or reported missed: none vanishes silently.
        assertThat(received.get() + missedReported.get()).isEqualTo(10_000);
        assertThat(slow.delivered()).isEqualTo(received.get());
    }

    @Test
    void filtersByPointAndStopsAfterClose() throws Exception {
        AtomicLong got = new AtomicLong();
        Subscription sub = bus.subscribe("other", p -> p.value().startsWith("x."), 10, b -> got.addAndGet(b.size()));
        bus.publish(samples(0, 5));
        bus.publish(Sample.good(PointId.of("x.y.z"), 1, T0));
        Waits.until(Duration.ofSeconds(30), () -> got.get() >= 1, "the x.y.z sample");
        assertThat(got.get()).isEqualTo(1);
        sub.close();
        bus.publish(Sample.good(PointId.of("x.y.z"), 2, T0));
        Thread.sleep(100);
        assertThat(got.get()).isEqualTo(1);
        assertThat(bus.subscriptions()).isEmpty();
    }

    @Test
    void aThrowingListenerKeepsItsSubscription() throws Exception {
        AtomicLong calls = new AtomicLong();
        bus.subscribe("faulty", p -> true, 100, b -> {
            calls.incrementAndGet();
            throw new IllegalStateException("boom");
        });
        bus.publish(samples(0, 1));
        // The first batch must have been delivered (and thrown) before the second sample comes, else one batch.
        Waits.until(Duration.ofSeconds(30), () -> calls.get() >= 1, "the first call");
        bus.publish(samples(1, 1));
        Waits.until(Duration.ofSeconds(30), () -> calls.get() >= 2, "a second call after the listener threw");
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void latestValueKeepsTheNewestBySourceTime() {
        bus.publish(Sample.good(P, 2, T0.plusSeconds(2)));
        bus.publish(Sample.good(P, 1, T0.plusSeconds(1)));
        assertThat(bus.latest(P)).get().extracting(Sample::value).isEqualTo(2.0);
        bus.publish(Sample.good(P, 3, T0.plusSeconds(3)));
        assertThat(bus.snapshot()).containsOnlyKeys(P);
        assertThat(bus.latest(P)).get().extracting(Sample::value).isEqualTo(3.0);
        assertThat(bus.latest(PointId.of("none"))).isEmpty();
    }
}
