package io.gridhub.northbound.iec104.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.Subscribable;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import io.gridhub.driver.iec104.Iec104Address;
import io.gridhub.testkit.Waits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Spontaneous short floats with CP56 time tags (M_ME_TF_1, 16 per ASDU) from our outstation to our client over one
 * loopback connection, for a few seconds: objects received per second, at j60870's default window and tuned. The
 * rates are printed for docs/benchmarks.md, not asserted (a busy machine would fail a floor); what is asserted is
 * that the newest value of every point reaches the master, waited for up to a generous deadline.
 */
@Timeout(120)
class ThroughputTest {
    private static final int POINTS = 2000;
    private static final long MILLIS = Long.getLong("gridhub.iec104.throughputMillis", 3000);
    private static final Duration DRAIN = Duration.ofSeconds(60);

    static double objectsPerSecond(int k, int w) throws Exception {
        List<IoaMap.Entry> entries = new ArrayList<>();
        List<Iec104Address> addresses = new ArrayList<>();
        for (int i = 1; i <= POINTS; i++) {
            entries.add(new IoaMap.Entry(i, PointId.of("bench.p" + i), IoaMap.Type.FLOAT, false, 1, Double.NaN, false));
            addresses.add(new Iec104Address(i, null));
        }
        try (Fixture f = new Fixture(new IoaMap(entries), Set.of("127.0.0.1"), Set.of(), 0, k, w)) {
            // The master acknowledges after w frames; the outstation sends at most k unacknowledged.
            Connection<Iec104Address> c = f.client("k", k, "w", w);
            try {
                c.read(addresses.subList(0, 1));
                AtomicLong received = new AtomicLong();
                Map<Iec104Address, Double> latest = new ConcurrentHashMap<>();
                ((Subscribable<Iec104Address>) c).subscribe(addresses, (a, r) -> {
                    received.incrementAndGet();
                    latest.put(a, r.value());
                });
                List<PointId> ids = entries.stream().map(IoaMap.Entry::point).toList();
                long start = System.nanoTime();
                long end = start + MILLIS * 1_000_000L;
                long startCount = received.get();
                int round = 0;
                while (System.nanoTime() < end) {
                    round++;
                    Instant now = Instant.now();
                    List<Sample> batch = new ArrayList<>(POINTS);
                    for (PointId id : ids) {
                        batch.add(Sample.good(id, round, now));
                    }
                    f.outstation.onSamples(batch);
                    Thread.sleep(5);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                double rate = (received.get() - startCount) / seconds;
                // The outstation keeps the newest unsent value per IOA: each point's last round arrives, late or not.
                double last = round;
                Waits.until(
                        DRAIN,
                        () -> addresses.stream().allMatch(a -> Objects.equals(latest.get(a), last)),
                        "round " + round + " of all " + POINTS + " points at the master (k=" + k + ", w=" + w + ")");
                return rate;
            } finally {
                c.close();
            }
        }
    }

    @Test
    void theNewestValueOfEveryPointReachesTheMasterAtTheDefaultAndATunedWindow() throws Exception {
        double defaults = objectsPerSecond(12, 8);
        double tuned = objectsPerSecond(
                Integer.getInteger("gridhub.iec104.k", 128), Integer.getInteger("gridhub.iec104.w", 64));
        System.err.printf(
                "IEC 104 spontaneous M_ME_TF_1 over one connection: k=12/w=8 %.0f objects/s; "
                        + "k=%d/w=%d %.0f objects/s%n",
                defaults,
                Integer.getInteger("gridhub.iec104.k", 128),
                Integer.getInteger("gridhub.iec104.w", 64),
                tuned);
        assertThat(defaults).isPositive();
        assertThat(tuned).isPositive();
    }
}
