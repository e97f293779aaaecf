package io.gridhub.bench.latency;

import io.gridhub.api.bus.LatestValues;
import io.gridhub.api.bus.SampleListener;
import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.DeviceState;
import io.gridhub.api.driver.Subscribable;
import io.gridhub.api.ingest.RawIngest;
import io.gridhub.api.model.Direction;
import io.gridhub.api.model.Point;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.PointKind;
import io.gridhub.api.model.Quantity;
import io.gridhub.api.model.Sample;
import io.gridhub.api.time.HubClock;
import io.gridhub.camel.internal.IngestComponent;
import io.gridhub.core.internal.SampleBusImpl;
import io.gridhub.core.internal.driver.DriverHost;
import io.gridhub.driver.iec104.Iec104Address;
import io.gridhub.driver.iec104.Iec104Driver;
import io.gridhub.driver.iec104.Iec104Settings;
import io.gridhub.driver.testkit.PeerProcess;
import io.gridhub.northbound.iec104.internal.Iec104ServerComponent;
import io.gridhub.northbound.iec104.internal.IoaMap;
import io.gridhub.northbound.iec104.internal.Outstation;
import io.gridhub.northbound.opcua.internal.OpcUaServerComponent;
import io.gridhub.testkit.FakeBus;
import io.gridhub.testkit.FakeRegistry;
import io.gridhub.testkit.Ports;
import io.gridhub.testkit.Settings;
import io.gridhub.testkit.Waits;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * End-to-end latency: a value changes at a field peer (an IEC 104 outstation on loopback sending it spontaneously
 * with its CP56 time tag); the hub's driver host runs that RTU with the IEC 104 driver, takes its spontaneous data
 * ({@code Subscribable}) and hands each burst, raw, to normalization (the Camel route with the RTU's mapping file),
 * which publishes it on the hub's sample bus; and the hub's northbound servers pass it on: the IEC 104 outstation
 * spontaneously to a master (the hub's IEC 104 client in this JVM) and the OPC UA server to a node-opcua client in
 * its own process. Each
 * subscriber takes its arrival time minus the value's source time (the field peer's time tag, in ms), so the
 * figures hold the whole path. At each rate: {@value #WARMUP_SECONDS} s of warm-up, then the measured seconds.
 *
 * <p>{@code bench/latency/run.sh [seconds=10] [rates=1000,10000]}
 */
public final class LatencyBench {
    static final int POINTS = 1000;
    static final int WARMUP_SECONDS = 3;
    private static final int K = 128;
    private static final int W = 64;
    private static final long TICK_MILLIS = 10;

    private LatencyBench() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int[] rates = Arrays.stream((args.length > 1 ? args[1] : "1000,10000").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        Path peers = Path.of(args.length > 2 ? args[2] : "drivers/opcua/src/test/peers");
        Path client = Path.of(args.length > 3 ? args[3] : "bench/latency/peers/latency-client.js");
        Path work = Files.createTempDirectory("gridhub-latency");
        Path nodeWork = Path.of(args.length > 4 ? args[4] : "bench/latency/target/peers");
        PeerProcess.npmCi(peers, nodeWork, "node-opcua");
        Files.copy(client, nodeWork.resolve("latency-client.js"), StandardCopyOption.REPLACE_EXISTING);

        List<PointId> ids = new ArrayList<>();
        List<IoaMap.Entry> entries = new ArrayList<>();
        List<Iec104Address> addresses = new ArrayList<>();
        FakeRegistry registry = new FakeRegistry();
        for (int i = 0; i < POINTS; i++) {
            PointId id = PointId.of(String.format("bench.p%04d", i));
            ids.add(id);
            entries.add(new IoaMap.Entry(i + 1, id, IoaMap.Type.FLOAT, false, 1, 0, false));
            addresses.add(new Iec104Address(i + 1, null));
            registry.register(Point.of(id, "bench", PointKind.MEASUREMENT, Quantity.ACTIVE_POWER, Direction.NONE));
        }
        IoaMap map = new IoaMap(entries);

        // The field peer: an RTU sending spontaneous changes.
        FakeBus fieldValues = new FakeBus();
        int fieldPort = Ports.free();
        Outstation field = outstation(fieldPort, map, fieldValues);
        // The hub: the driver host runs the field RTU with the IEC 104 driver and subscribes to its spontaneous data;
        // normalization (the Camel route, with the device's mapping file) publishes it on the sample bus; northbound
        // IEC 104 and OPC UA on the bus.
        SampleBusImpl bus = new SampleBusImpl();
        Recorder hub = new Recorder();
        bus.subscribe("latency-first-hop", p -> true, 1 << 18, new SampleListener() {
            @Override
            public void onSamples(List<Sample> samples) {
                samples.forEach(s -> hub.record(s.sourceTime()));
            }
        });
        Path mappings = Files.createDirectories(work.resolve("mappings"));
        Files.writeString(mappings.resolve("field.json"), mapping(ids));
        CamelContext camel = new DefaultCamelContext();
        RawIngest normalization = IngestComponent.outside(camel, bus, registry, mappings, Clock.systemUTC());
        DriverHost host = new DriverHost(bus, registry, () -> normalization, Clock.systemUTC());
        host.configure(
                "field",
                new Iec104Driver(),
                Settings.map(
                        "name", "field",
                        "host", "127.0.0.1",
                        "port", String.valueOf(fieldPort),
                        "timeoutMillis", "3000",
                        "k", String.valueOf(K),
                        "w", String.valueOf(W),
                        "pollMillis", "60000",
                        "integrityPollMillis", "0"));
        Waits.until(
                Duration.ofSeconds(30),
                () -> host.device("field")
                        .map(d -> d.state() == DeviceState.ONLINE)
                        .orElse(false),
                "the field RTU online");
        // The northbound servers as the hub activates them (their DS components, with their configurations).
        int northPort = Ports.free();
        Path ioaMap = work.resolve("ioa-map.json");
        Files.writeString(ioaMap, ioaMap(ids));
        new Iec104ServerComponent(
                Settings.of(
                        Iec104ServerComponent.Config.class,
                        Map.of("ioaMap", ioaMap.toString(), "port", northPort, "k", K, "w", W)),
                bus,
                bus,
                HubClock.system());
        int opcPort = Ports.free();
        new OpcUaServerComponent(
                Settings.of(
                        OpcUaServerComponent.Config.class,
                        Map.of(
                                "port",
                                opcPort,
                                "path",
                                "/hub",
                                "hostname",
                                "127.0.0.1",
                                "securityModes",
                                "none",
                                "allowAnonymous",
                                true,
                                "pkiDir",
                                work.resolve("pki").toString())),
                List::of,
                registry,
                bus,
                bus);
        listening(northPort, "the northbound IEC 104 outstation");
        listening(opcPort, "the northbound OPC UA server");
        // The SCADA master on the northbound IEC 104 server.
        Recorder master = new Recorder();
        Connection<Iec104Address> scada = connect(northPort, "scada");
        ((Subscribable<Iec104Address>) scada).subscribe(addresses, (a, r) -> master.record(r.sourceTime()));

        System.out.printf("| path | values/s | delivered (measured %d s) | p50 ms | p99 ms | max ms |%n", seconds);
        System.out.println("|---|---|---|---|---|---|");
        try {
            for (int rate : rates) {
                PeerProcess node = new PeerProcess(List.of(
                                "node",
                                nodeWork.resolve("latency-client.js").toString(),
                                "opc.tcp://127.0.0.1:" + opcPort + "/hub",
                                "bench.p",
                                String.valueOf(POINTS),
                                String.valueOf(WARMUP_SECONDS),
                                String.valueOf(seconds)))
                        .readyLine("READY", 60)
                        .start();
                master.reset(rate * (seconds + 2));
                hub.reset(rate * (seconds + 2));
                ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
                AtomicInteger next = new AtomicInteger();
                int perTick = (int) (rate * TICK_MILLIS / 1000);
                feeder.scheduleAtFixedRate(
                        () -> {
                            Instant now = now();
                            List<Sample> batch = new ArrayList<>(perTick);
                            for (int i = 0; i < perTick; i++) {
                                int n = next.getAndIncrement();
                                batch.add(Sample.good(ids.get(n % POINTS), n, now));
                            }
                            fieldValues.publish(batch);
                            field.onSamples(batch);
                        },
                        0,
                        TICK_MILLIS,
                        TimeUnit.MILLISECONDS);
                Thread.sleep(WARMUP_SECONDS * 1000L);
                master.start();
                hub.start();
                Thread.sleep(seconds * 1000L);
                master.stop();
                hub.stop();
                node.awaitExit(90);
                feeder.shutdownNow();
                feeder.awaitTermination(5, TimeUnit.SECONDS);
                System.out.println(hub.row("IEC 104 field peer → hub's bus (driver host + normalization)", rate));
                System.out.println(master.row("IEC 104 field peer → hub → IEC 104 master (spontaneous)", rate));
                String result = node.output().stream()
                        .filter(l -> l.startsWith("RESULT "))
                        .findFirst()
                        .orElse("RESULT 0 -1 -1 -1");
                node.output().stream()
                        .filter(l -> l.startsWith("READY "))
                        .forEach(l -> System.err.println("node-opcua client: " + l.substring(6)));
                String[] f = result.split(" ");
                System.out.printf(
                        "| IEC 104 field peer → hub → OPC UA subscriber (node-opcua) | %,d | %,d | %s | %s | %s |%n",
                        rate, Long.parseLong(f[1]), f[2], f[3], f[4]);
                node.stop();
                Thread.sleep(1000); // let the queues drain between rates
            }
        } finally {
            scada.close();
            host.close();
            camel.close();
            field.close();
        }
        System.exit(0); // ends the northbound servers too (their components have no public stop outside OSGi)
    }

    /** The northbound outstation's IOA map: point i is IOA i+1, a short float, no deadband. */
    private static String ioaMap(List<PointId> ids) {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < ids.size(); i++) {
            points.append(i == 0 ? "" : ",")
                    .append("{\"ioa\":")
                    .append(i + 1)
                    .append(",\"point\":\"")
                    .append(ids.get(i).value())
                    .append("\",\"type\":\"float\"}");
        }
        return "{\"points\":[" + points + "]}";
    }

    /** Waits until a server (started on its own thread, as the components do) accepts connections on {@code port}. */
    private static void listening(int port, String what) {
        Waits.until(
                Duration.ofSeconds(60),
                () -> {
                    try (Socket s = new Socket("127.0.0.1", port)) {
                        return true;
                    } catch (IOException e) {
                        return false;
                    }
                },
                what + " listening on " + port);
    }

    /** The field RTU's mapping file: IOA i+1 is point i, in W (the points' unit: no conversion). */
    private static String mapping(List<PointId> ids) {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < ids.size(); i++) {
            points.append(i == 0 ? "" : ",")
                    .append("{\"address\":\"ioa:")
                    .append(i + 1)
                    .append("\",\"point\":\"")
                    .append(ids.get(i).value())
                    .append("\",\"unit\":\"W\"}");
        }
        return "{\"source\":\"field\",\"points\":[" + points + "]}";
    }

    private static Instant now() {
        return Instant.now();
    }

    private static Outstation outstation(int port, IoaMap map, LatestValues latest) throws Exception {
        Outstation o = new Outstation(
                Outstation.Config.builder()
                        .listen("127.0.0.1", port)
                        .masters(Set.of("127.0.0.1"), Set.of())
                        .window(K, W)
                        .writeTimeoutMillis(2000)
                        .build(),
                map,
                latest::latest,
                () -> null,
                line -> {},
                () -> null,
                Clock.systemUTC());
        o.start();
        return o;
    }

    private static Connection<Iec104Address> connect(int port, String name) throws Exception {
        Connection<Iec104Address> c = new Iec104Driver()
                .connect(
                        Settings.of(
                                Iec104Settings.class,
                                "host",
                                "127.0.0.1",
                                "port",
                                port,
                                "timeoutMillis",
                                3000,
                                "k",
                                K,
                                "w",
                                W),
                        DeviceContext.of(name, Clock.systemUTC()));
        return c;
    }

    /** Latencies (arrival − source time, µs) of the values arriving within the measured window. */
    private static final class Recorder {
        private long[] micros = new long[0];
        private int count;
        private volatile boolean on;

        synchronized void reset(int capacity) {
            micros = new long[capacity];
            count = 0;
        }

        void start() {
            on = true;
        }

        void stop() {
            on = false;
        }

        void record(Instant source) {
            if (!on || source == null) {
                return;
            }
            Instant arrival = now();
            synchronized (this) {
                if (count < micros.length) {
                    micros[count++] = Duration.between(source, arrival).toNanos() / 1000;
                }
            }
        }

        synchronized String row(String path, int rate) {
            long[] m = Arrays.copyOf(micros, count);
            Arrays.sort(m);
            return String.format(
                    "| %s | %,d | %,d | %.1f | %.1f | %.1f |",
                    path, rate, count, pick(m, 0.5) / 1000.0, pick(m, 0.99) / 1000.0, pick(m, 1.0) / 1000.0);
        }

        private static long pick(long[] sorted, double q) {
            return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))];
        }
    }
}
