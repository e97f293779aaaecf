package io.gridhub.northbound.opcua.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.Subscribable;
import io.gridhub.api.model.Sample;
import io.gridhub.driver.opcua.OpcUaDriver;
import io.gridhub.driver.opcua.OpcUaSettings;
import io.gridhub.testkit.FakeHub;
import io.gridhub.testkit.Ports;
import io.gridhub.testkit.Settings;
import io.gridhub.testkit.Waits;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Monitored items on the hub's points are fed as the bus delivers (exception-based), not sampled on a schedule: a
 * Milo client (the hub's OPC UA driver) sees a change without waiting for a sampling tick, sees every change of a
 * burst at sampling interval 0, and at a slower requested interval gets at most one value per interval. A client
 * asking for the fastest publishing interval gets it.
 */
@Timeout(120)
class LiveItemsTest {
    private static final int PORT = Ports.free();
    private static final FakeHub HUB = DemoHub.hub();
    private static NorthboundServer server;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        HUB.bus.publish(List.of(Sample.good(DemoHub.POWER, 1, Instant.now())));
        server = DemoHub.server(DemoHub.anonymous(PORT, dir.resolve("server")), HUB, () -> null);
        server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Arrival times (System.nanoTime) of the values the client receives for the meter's power point. */
    private static final class Arrivals {
        final List<Double> values = new CopyOnWriteArrayList<>();
        final Map<Double, Long> nanos = new ConcurrentHashMap<>();

        void add(double value) {
            nanos.putIfAbsent(value, System.nanoTime());
            values.add(value);
        }

        /** Milliseconds from {@code sentNanos} until {@code value} arrived, waiting for it (bounded). */
        double millisSince(long sentNanos, double value) {
            Waits.until(Duration.ofSeconds(30), () -> nanos.containsKey(value), "value " + value + " at the client");
            return (nanos.get(value) - sentNanos) / 1e6;
        }
    }

    private static Connection<NodeId> connect(double samplingMillis, int queueSize) throws Exception {
        OpcUaSettings s = Settings.of(
                OpcUaSettings.class,
                Map.of(
                        "endpointUrl",
                        "opc.tcp://127.0.0.1:" + PORT + "/gridhub",
                        "pkiDir",
                        dir.resolve("client").toString(),
                        "samplingIntervalMillis",
                        samplingMillis,
                        "publishingIntervalMillis",
                        20,
                        "queueSize",
                        queueSize));
        return new OpcUaDriver().connect(s, DeviceContext.of("live", Clock.systemUTC()));
    }

    private static AutoCloseable subscribe(Connection<NodeId> c, Arrivals arrivals) throws Exception {
        AutoCloseable sub = ((Subscribable<NodeId>) c)
                .subscribe(List.of(new NodeId(2, DemoHub.POWER.value())), (n, r) -> arrivals.add(r.value()));
        Waits.until(Duration.ofSeconds(30), () -> !arrivals.values.isEmpty(), "the item's first value");
        return sub;
    }

    private static void publish(double value) {
        HUB.bus.publish(List.of(Sample.good(DemoHub.POWER, value, Instant.now())));
    }

    @Test
    void aChangeArrivesWithoutWaitingForTheSamplingInterval() throws Exception {
        // A sampling server reports a change at its next tick, up to one sampling interval later. Two changes 1.5
        // intervals apart fall half an interval apart in the sampling phase: one of them waits at least half an
        // interval. Fed at once, both arrive within one publishing interval (20 ms) plus the machine's delays.
        double sampling = 3000;
        double bound = sampling / 4;
        Arrivals arrivals = new Arrivals();
        try (Connection<NodeId> c = connect(sampling, 10);
                AutoCloseable sub = subscribe(c, arrivals)) {
            Thread.sleep((long) (sampling * 1.25)); // the first value passed more than one interval ago
            long first = System.nanoTime();
            publish(101);
            double firstMillis = arrivals.millisSince(first, 101);
            long second = first + (long) (sampling * 1.5 * 1e6);
            Thread.sleep(Math.max(0, (second - System.nanoTime()) / 1_000_000));
            second = System.nanoTime();
            publish(102);
            double secondMillis = arrivals.millisSince(second, 102);
            assertThat(List.of(firstMillis, secondMillis))
                    .as("ms from the bus to the client, sampling interval %.0f ms", sampling)
                    .allSatisfy(ms -> assertThat(ms).isLessThan(bound));
        }
    }

    @Test
    void everyChangeOfABurstArrivesAtSamplingIntervalZero() throws Exception {
        // Sampling interval 0 (the fastest, what SCADA clients ask for): each value the bus delivers is a
        // notification, none is lost to a sample that only saw the last of several.
        Arrivals arrivals = new Arrivals();
        try (Connection<NodeId> c = connect(0, 100);
                AutoCloseable sub = subscribe(c, arrivals)) {
            Instant t = Instant.now();
            List<Sample> burst = IntStream.range(0, 50)
                    .mapToObj(i -> Sample.good(DemoHub.POWER, 1000 + i, t.plusMillis(i)))
                    .toList();
            HUB.bus.publish(burst);
            arrivals.millisSince(System.nanoTime(), 1049);
            List<Double> seen = new ArrayList<>(arrivals.values);
            assertThat(seen).contains(1000.0);
            assertThat(seen.subList(seen.indexOf(1000.0), seen.size()))
                    .containsExactlyElementsOf(
                            IntStream.range(0, 50).mapToObj(i -> 1000.0 + i).toList());
        }
    }

    @Test
    void aSlowerSamplingIntervalGetsAtMostOneValuePerInterval() throws Exception {
        // A client asking for 1 s gets the first change of a burst at once and the burst's last value when the
        // interval since the first has passed; the values in between are what a sample would not have seen either.
        Arrivals arrivals = new Arrivals();
        try (Connection<NodeId> c = connect(1000, 100);
                AutoCloseable sub = subscribe(c, arrivals)) {
            Thread.sleep(1250);
            for (int i = 0; i < 10; i++) {
                publish(2000 + i);
            }
            arrivals.millisSince(System.nanoTime(), 2009);
            Thread.sleep(1500); // anything more would come within another interval
            List<Double> seen = new ArrayList<>(arrivals.values);
            assertThat(seen).contains(2000.0);
            assertThat(seen.subList(seen.indexOf(2000.0), seen.size())).containsExactly(2000.0, 2009.0);
        }
    }

    @Test
    void aPublishingIntervalBelowTheFastestIsRevisedToTheFastest() throws Exception {
        OpcUaClient client = OpcUaClient.create("opc.tcp://127.0.0.1:" + PORT + "/gridhub");
        client.connect();
        try {
            Map<Double, Double> revised = new LinkedHashMap<>();
            for (double requested : new double[] {0, 1, 500}) {
                OpcUaSubscription s = new OpcUaSubscription(client, requested);
                s.create();
                revised.put(requested, s.getRevisedPublishingInterval().orElseThrow());
                s.delete();
            }
            assertThat(revised).containsExactly(Map.entry(0.0, 10.0), Map.entry(1.0, 10.0), Map.entry(500.0, 500.0));
        } finally {
            client.disconnect();
        }
    }

    @Test
    void itemsAreDroppedWithTheirSubscription() throws Exception {
        int before = server.liveItemCount();
        Arrivals arrivals = new Arrivals();
        try (Connection<NodeId> c = connect(0, 1);
                AutoCloseable sub = subscribe(c, arrivals)) {
            assertThat(server.liveItemCount()).isEqualTo(before + 1);
        }
        Waits.until(Duration.ofSeconds(30), () -> server.liveItemCount() == before, "the item deleted");
    }
}
