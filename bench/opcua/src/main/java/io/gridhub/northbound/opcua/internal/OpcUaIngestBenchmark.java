package io.gridhub.northbound.opcua.internal;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.Subscribable;
import io.gridhub.api.model.Direction;
import io.gridhub.api.model.Point;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.PointKind;
import io.gridhub.api.model.Quantity;
import io.gridhub.api.model.Sample;
import io.gridhub.core.internal.SampleBusImpl;
import io.gridhub.driver.opcua.OpcUaDriver;
import io.gridhub.driver.opcua.OpcUaSettings;
import io.gridhub.testkit.FakeRegistry;
import io.gridhub.testkit.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.osgi.util.converter.Converters;

/**
 * Subscription ingest: N points changed at F Hz on gridhub's own OPC UA server (in this JVM), followed at the same
 * time by (a) a raw Milo client counting data values and (b) gridhub's driver whose readings become samples on a
 * sample bus (the hub's ingest path), counted by a bus subscriber. Both subscribe to the same items with the same
 * sampling/publishing intervals and queue sizes; the ratio of the two counts is the figure.
 * <p>
 * {@code java -cp "$(cat bench/opcua/target/classpath.txt):bench/opcua/target/gridhub-bench-opcua-0.1.0-SNAPSHOT.jar"
 * io.gridhub.northbound.opcua.internal.OpcUaIngestBenchmark [points=1000] [hz=100] [seconds=30]}
 */
public final class OpcUaIngestBenchmark {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int hz = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        double interval = 1000.0 / hz;
        Path dir = Files.createTempDirectory("opcua-bench");

        SampleBusImpl serverBus = new SampleBusImpl();
        List<PointId> ids = new ArrayList<>();
        FakeRegistry registry = new FakeRegistry();
        for (int i = 0; i < n; i++) {
            PointId id = PointId.of(String.format("bench.p%04d", i));
            ids.add(id);
            registry.register(Point.of(id, "bench", PointKind.MEASUREMENT, Quantity.ACTIVE_POWER, Direction.NONE));
        }
        int port = Ports.free();
        ServerOptions o = new ServerOptions(
                "127.0.0.1",
                port,
                "/bench",
                "127.0.0.1",
                new LinkedHashSet<>(List.of("none")),
                true,
                Map.of(),
                dir.resolve("server"),
                false,
                5000);
        NorthboundServer server =
                new NorthboundServer(o, List::of, registry, serverBus, serverBus, () -> null, () -> null);
        server.start();
        String url = "opc.tcp://127.0.0.1:" + port + "/bench";

        ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
        AtomicLong tick = new AtomicLong();
        feeder.scheduleAtFixedRate(
                () -> {
                    long t = tick.incrementAndGet();
                    Instant now = Instant.now();
                    List<Sample> batch = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        batch.add(Sample.good(ids.get(i), t + i, now));
                    }
                    serverBus.publish(batch);
                },
                0,
                Math.max(1, Math.round(interval * 1000)),
                TimeUnit.MICROSECONDS);

        List<NodeId> nodes = ids.stream().map(id -> new NodeId(2, id.value())).toList();

        // (a) raw Milo
        AtomicLong raw = new AtomicLong();
        OpcUaClient client = OpcUaClient.create(url);
        client.connect();
        OpcUaSubscription sub = new OpcUaSubscription(client, interval);
        sub.setMaxMonitoredItemsPerCall(uint(500));
        for (NodeId node : nodes) {
            OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(node);
            item.setSamplingInterval(interval);
            item.setQueueSize(uint(10));
            sub.addMonitoredItem(item);
        }
        sub.setSubscriptionListener(new OpcUaSubscription.SubscriptionListener() {
            @Override
            public void onDataReceived(OpcUaSubscription s, List<OpcUaMonitoredItem> items, List<DataValue> values) {
                for (DataValue v : values) {
                    if (v.getValue().getValue() instanceof Double) {
                        raw.incrementAndGet();
                    }
                }
            }
        });
        sub.create();
        sub.createMonitoredItems();

        // (b) gridhub: driver → Reading → Sample → sample bus → subscriber
        SampleBusImpl hubBus = new SampleBusImpl();
        AtomicLong hub = new AtomicLong();
        hubBus.subscribe("bench", s -> hub.addAndGet(s.size()));
        Map<NodeId, PointId> byNode = new HashMap<>();
        for (int i = 0; i < n; i++) {
            byNode.put(nodes.get(i), ids.get(i));
        }
        Map<String, Object> cfg = new HashMap<>();
        cfg.put("endpointUrl", url);
        cfg.put("pkiDir", dir.resolve("client").toString());
        cfg.put("samplingIntervalMillis", interval);
        cfg.put("publishingIntervalMillis", interval);
        cfg.put("queueSize", 10);
        OpcUaDriver driver = new OpcUaDriver();
        Connection<NodeId> c = driver.connect(
                Converters.standardConverter().convert(cfg).to(OpcUaSettings.class),
                DeviceContext.of("bench", Clock.systemUTC()));
        AutoCloseable hubSub = ((Subscribable<NodeId>) c).subscribe(nodes, (node, r) -> {
            Instant now = Instant.now();
            hubBus.publish(new Sample(
                    byNode.get(node), r.value(), r.quality(), r.sourceTime() == null ? now : r.sourceTime(), now));
        });

        Thread.sleep(Math.max(5, seconds / 5) * 1000L); // warm-up
        long raw0 = raw.get();
        long hub0 = hub.get();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        double secs = (System.nanoTime() - t0) / 1e9;
        double rawRate = (raw.get() - raw0) / secs;
        double hubRate = (hub.get() - hub0) / secs;
        System.out.printf("points=%d rate=%d Hz offered=%d values/s seconds=%.1f%n", n, hz, n * hz, secs);
        System.out.printf("raw Milo client: %.0f values/s%n", rawRate);
        System.out.printf("gridhub driver + sample bus: %.0f values/s%n", hubRate);
        System.out.printf("gridhub / raw: %.1f %%%n", 100 * hubRate / rawRate);
        hubSub.close();
        c.close();
        sub.delete();
        client.disconnect();
        feeder.shutdownNow();
        server.close();
        System.exit(0);
    }
}
