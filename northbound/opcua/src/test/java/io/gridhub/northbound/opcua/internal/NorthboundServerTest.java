package io.gridhub.northbound.opcua.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.gridhub.api.audit.AuditRecord;
import io.gridhub.api.driver.Browsable;
import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.Reading;
import io.gridhub.api.driver.Subscribable;
import io.gridhub.api.driver.Writable;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import io.gridhub.driver.opcua.OpcUaDriver;
import io.gridhub.driver.opcua.OpcUaSettings;
import io.gridhub.driver.testkit.PeerProcess;
import io.gridhub.testkit.FakeHub;
import io.gridhub.testkit.Ports;
import io.gridhub.testkit.RecordingAuditTrail;
import io.gridhub.testkit.Settings;
import io.gridhub.testkit.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Our client (the gridhub OPC UA driver) and an independent one (node-opcua) against the northbound server. */
@Timeout(180)
class NorthboundServerTest {
    private static final int PORT = Ports.free();
    private static final String URL = "opc.tcp://127.0.0.1:" + PORT + "/gridhub";
    private static final FakeHub HUB = DemoHub.hub();
    private static final RecordingAuditTrail TRAIL = new RecordingAuditTrail();
    private static NorthboundServer server;
    private final OpcUaDriver driver = new OpcUaDriver();

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        HUB.bus.publish(List.of(Sample.good(DemoHub.POWER, 1234.5, Instant.parse("2026-11-23T10:00:00Z"))));
        ServerOptions o = new ServerOptions(
                "127.0.0.1",
                PORT,
                "/gridhub",
                "127.0.0.1",
                new LinkedHashSet<>(List.of("none", "sign", "encrypt")),
                true,
                ServerOptions.parseUsers(new String[] {"op:secret:operator", "viewer:pw"}),
                dir.resolve("server"),
                false,
                5000);
        server = DemoHub.server(o, HUB, () -> TRAIL);
        server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Connection<NodeId> connect(Map<String, Object> more) throws Exception {
        Map<String, Object> m = new HashMap<>(more);
        m.put("endpointUrl", URL);
        m.put("pkiDir", dir.resolve("client").toString());
        OpcUaSettings s = Settings.of(OpcUaSettings.class, m);
        return driver.connect(s, DeviceContext.of("north", Clock.systemUTC()));
    }

    private static void clearWrites() {
        HUB.writer.writes.clear();
        HUB.writer.values.clear();
    }

    private NodeId node(String point) {
        return new NodeId(2, point); // ns=2: the first namespace after Milo's own server namespace
    }

    @Test
    void readsBrowsesAndSubscribesTheModel() throws Exception {
        try (Connection<NodeId> c = connect(Map.of())) {
            Reading r = c.read(List.of(node("demo.m01.meter.p"))).get(0);
            assertThat(r.quality()).isEqualTo(Quality.GOOD);
            assertThat(r.value()).isEqualTo(1234.5);
            assertThat(r.sourceTime()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
            var entries = ((Browsable<NodeId>) c).browse(100);
            assertThat(entries)
                    .anySatisfy(e -> assertThat(e.description()).startsWith("gridhub/demo/m01/m01-site/m01-meter/p"));
            assertThat(entries)
                    .anySatisfy(e -> assertThat(e.description()).startsWith("gridhub/demo/shared/shared-bat/p-set"));

            List<Double> seen = new CopyOnWriteArrayList<>();
            try (AutoCloseable sub = ((Subscribable<NodeId>) c)
                    .subscribe(List.of(node("demo.m01.meter.p")), (n, reading) -> seen.add(reading.value()))) {
                for (int i = 0; i < 20; i++) {
                    HUB.bus.publish(List.of(Sample.good(DemoHub.POWER, i, Instant.now())));
                    Thread.sleep(150);
                }
                // The last value needs one more publishing cycle; wait for it, bounded, before closing.
                Waits.until(Duration.ofSeconds(30), () -> seen.contains(19.0), "the last published value");
            }
            // Changes, not only the last value (how many of the 20 arrive depends on the machine's load: values that
            // come within one of the client's sampling intervals, 100 ms, are coalesced).
            assertThat(seen.size()).isGreaterThanOrEqualTo(2);
            HUB.bus.publish(List.of(new Sample(
                    DemoHub.POWER,
                    5,
                    Quality.questionable(Quality.Reason.OLD_DATA, "x"),
                    Instant.now(),
                    Instant.now())));
            assertThat(c.read(List.of(node("demo.m01.meter.p")))
                            .get(0)
                            .quality()
                            .reason())
                    .isEqualTo(Quality.Reason.OLD_DATA);
        }
    }

    @Test
    void onlyOperatorsWriteSetpoints() throws Exception {
        clearWrites(); // the node-opcua test writes too, in any order
        try (Connection<NodeId> anon = connect(Map.of())) {
            Quality q = ((Writable<NodeId>) anon).write(node("demo.shared-bat.p-set"), 1.5);
            assertThat(q.detail()).contains("Bad_UserAccessDenied");
        }
        try (Connection<NodeId> viewer = connect(Map.of("username", "viewer", "password", "pw"))) {
            assertThat(((Writable<NodeId>) viewer)
                            .write(node("demo.shared-bat.p-set"), 2.5)
                            .detail())
                    .contains("Bad_UserAccessDenied");
        }
        try (Connection<NodeId> op = connect(Map.of("username", "op", "password", "secret"))) {
            assertThat(((Writable<NodeId>) op).write(node("demo.shared-bat.p-set"), 42.5))
                    .isEqualTo(Quality.GOOD);
            // Milo refuses it already from the node's access level; either way no write reaches a device.
            assertThat(((Writable<NodeId>) op)
                            .write(node("demo.m01.meter.p"), 1)
                            .detail())
                    .containsAnyOf("Bad_NotWritable", "Bad_UserAccessDenied");
        }
        assertThat(HUB.writer.writes).containsExactly("demo.shared-bat.p-set=43");
        assertThat(HUB.writer.values).containsExactly(42.5);
        clearWrites();
    }

    @Test
    void everyWriteIsAuditedAndNoneIsMadeWhenTheTrailRefuses() throws Exception {
        clearWrites();
        TRAIL.records.clear();
        try (Connection<NodeId> anon = connect(Map.of())) {
            ((Writable<NodeId>) anon).write(node("demo.shared-bat.p-set"), 1.5);
        }
        try (Connection<NodeId> op = connect(Map.of("username", "op", "password", "secret"))) {
            assertThat(((Writable<NodeId>) op).write(node("demo.shared-bat.p-set"), 7.5))
                    .isEqualTo(Quality.GOOD);
            TRAIL.refuse = true;
            try {
                assertThat(((Writable<NodeId>) op)
                                .write(node("demo.shared-bat.p-set"), 8.5)
                                .detail())
                        .contains("Bad_UserAccessDenied");
            } finally {
                TRAIL.refuse = false;
            }
        }
        assertThat(HUB.writer.writes).containsExactly("demo.shared-bat.p-set=8");
        assertThat(HUB.writer.values).containsExactly(7.5);
        assertThat(TRAIL.records)
                .extracting(
                        AuditRecord::actor,
                        AuditRecord::channel,
                        AuditRecord::action,
                        AuditRecord::subject,
                        AuditRecord::outcome)
                .containsExactly(
                        tuple("anonymous", "opcua", "write", "demo.shared-bat.p-set", "refused: Bad_UserAccessDenied"),
                        tuple("op", "opcua", "write", "demo.shared-bat.p-set", "requested"),
                        tuple("op", "opcua", "write", "demo.shared-bat.p-set", "accepted"));
        assertThat(TRAIL.records).allSatisfy(r -> assertThat(r.detail()).contains("client=127.0.0.1"));
        assertThat(TRAIL.records.get(0).detail()).startsWith("value=1.5 ");
        assertThat(TRAIL.records.get(2).detail()).startsWith("value=7.5 ");
    }

    @Test
    void writesAreRefusedWithoutAnAuditTrail() throws Exception {
        int port = Ports.free();
        ServerOptions o = new ServerOptions(
                "127.0.0.1",
                port,
                "/gridhub",
                "127.0.0.1",
                new LinkedHashSet<>(List.of("none")),
                false,
                ServerOptions.parseUsers(new String[] {"op:secret:operator"}),
                dir.resolve("no-trail"),
                false,
                5000);
        FakeHub hub = DemoHub.hub();
        try (NorthboundServer noTrail = DemoHub.server(o, hub, () -> null)) {
            noTrail.start();
            Map<String, Object> m = new HashMap<>(Map.of("username", "op", "password", "secret"));
            m.put("endpointUrl", "opc.tcp://127.0.0.1:" + port + "/gridhub");
            m.put("pkiDir", dir.resolve("client").toString());
            OpcUaSettings s = Settings.of(OpcUaSettings.class, m);
            try (Connection<NodeId> op = driver.connect(s, DeviceContext.of("north", Clock.systemUTC()))) {
                assertThat(((Writable<NodeId>) op)
                                .write(node("demo.shared-bat.p-set"), 3)
                                .detail())
                        .contains("Bad_UserAccessDenied");
            }
        }
        assertThat(hub.writer.writes).isEmpty();
    }

    @Test
    void signAndEncryptWithMutualTrust() throws Exception {
        // First attempt: the client does not trust the server yet; the message names the file to copy.
        Path trust = dir.resolve("client-trust");
        Map<String, Object> enc = Map.of("securityMode", "encrypt", "trustDir", trust.toString());
        try {
            connect(enc).close();
        } catch (ConnectionException e) {
            assertThat(e.getMessage()).contains("thumbprint");
        }
        Files.createDirectories(trust);
        Files.copy(
                dir.resolve("server/own/gridhub-server.der"),
                trust.resolve("gridhub-server.der"),
                StandardCopyOption.REPLACE_EXISTING);
        // The server trusts the client's certificate once it is in its trust list folder.
        Path serverTrusted = dir.resolve("server/pki/trusted/certs");
        Files.copy(
                dir.resolve("client/own/gridhub-client.der"),
                serverTrusted.resolve("gridhub-client.der"),
                StandardCopyOption.REPLACE_EXISTING);
        // The trust list watches its folder: connect again until the server has seen the certificate (bounded).
        try (Connection<NodeId> c = Waits.value(
                Duration.ofSeconds(60),
                () -> {
                    try {
                        return Optional.of(connect(enc));
                    } catch (Exception e) {
                        return Optional.empty();
                    }
                },
                "the server trusting the client's certificate")) {
            assertThat(c.read(List.of(node("demo.m01.meter.p")))
                            .get(0)
                            .quality()
                            .isGood())
                    .isTrue();
        }
    }

    @Test
    void independentNodeOpcuaClientBrowsesReadsSubscribesAndWritesAsOperatorOnly() throws Exception {
        Path work = Path.of(System.getProperty("gridhub.peers.work"));
        PeerProcess.npmCi(Path.of(System.getProperty("gridhub.peers")), work, "node-opcua");
        // Feeds until the client is done (node's start-up takes seconds on a loaded machine), at most 60 s.
        Thread feeder = new Thread(() -> {
            for (int i = 0; i < 600 && !Thread.currentThread().isInterrupted(); i++) {
                HUB.bus.publish(List.of(Sample.good(DemoHub.POWER, 100 + i, Instant.now())));
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        feeder.start();
        PeerProcess client = new PeerProcess(List.of(
                        "node",
                        work.resolve("scada-client.js").toString(),
                        URL,
                        "ns=2;s=folder:demo/m01/m01-site/m01-meter",
                        "ns=2;s=demo.m01.meter.p",
                        "ns=2;s=demo.shared-bat.p-set",
                        "op",
                        "secret",
                        "3"))
                .start();
        client.awaitExit(60);
        String out = String.join("\n", client.output());
        feeder.interrupt();
        assertThat(out).contains("BROWSE 1 p", "WRITE-ANON BadUserAccessDenied", "WRITE-OPERATOR Good", "DONE");
        assertThat(out).containsPattern("READ [0-9.]+ Good");
        String subscribed =
                out.lines().filter(l -> l.startsWith("SUBSCRIBE ")).findFirst().orElse("SUBSCRIBE 0");
        assertThat(Integer.parseInt(subscribed.substring(10))).isGreaterThanOrEqualTo(10);
        assertThat(HUB.writer.values).contains(42.5);
    }
}
