package io.gridhub.driver.opcua.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.driver.Browsable;
import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.Reading;
import io.gridhub.api.driver.Subscribable;
import io.gridhub.api.driver.Writable;
import io.gridhub.api.model.Quality;
import io.gridhub.driver.opcua.OpcUaDriver;
import io.gridhub.driver.testkit.PeerProcess;
import io.gridhub.testkit.Ports;
import io.gridhub.testkit.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Our client against node-opcua: subscriptions, writes, browse, SignAndEncrypt with an explicit trust directory. */
@Timeout(180)
class OpcUaNodePeerTest {
    private static final int PORT = Ports.free();
    private static PeerProcess peer;
    private final OpcUaDriver driver = new OpcUaDriver();

    @TempDir
    static Path pki;

    @BeforeAll
    static void startPeer() throws Exception {
        peer = NodePeers.server(PORT, 50, 100).start();
    }

    @AfterAll
    static void stopPeer() throws Exception {
        if (peer != null) {
            peer.stop();
        }
    }

    private Connection<NodeId> connect(Map<String, Object> more) throws ConnectionException {
        return driver.connect(NodePeers.settings(PORT, pki, more), DeviceContext.of("peer", Clock.systemUTC()));
    }

    private List<NodeId> nodes(int n) throws Exception {
        List<NodeId> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(driver.parseAddress(String.format("ns=1;s=Sim.D%04d", i)));
        }
        return list;
    }

    @Test
    void subscriptionDeliversChangesOfAllItemsCreatedInBatches() throws Exception {
        try (Connection<NodeId> c = connect(Map.of(
                "monitoredItemsPerCall",
                7,
                "samplingIntervalMillis",
                100,
                "publishingIntervalMillis",
                100,
                "queueSize",
                5))) {
            List<NodeId> nodes = nodes(50);
            Map<NodeId, AtomicInteger> counts = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<Reading> bad = new ConcurrentLinkedQueue<>();
            try (AutoCloseable sub = ((Subscribable<NodeId>) c).subscribe(nodes, (n, r) -> {
                counts.computeIfAbsent(n, k -> new AtomicInteger()).incrementAndGet();
                if (!r.quality().isGood()) {
                    bad.add(r);
                }
            })) {
                // Until every item has had five changes (the peer changes them every 100 ms), bounded.
                Waits.until(
                        Duration.ofSeconds(30),
                        () -> counts.size() == 50 && counts.values().stream().allMatch(n -> n.get() >= 5),
                        "five changes of each of the 50 items");
            }
            assertThat(counts).hasSize(50);
            assertThat(counts.values()).allSatisfy(n -> assertThat(n.get()).isGreaterThanOrEqualTo(5));
            assertThat(bad).isEmpty();
        }
    }

    @Test
    void writeReachesThePeerAndAWrongNodeIsAQuality() throws Exception {
        try (Connection<NodeId> c = connect(Map.of())) {
            var w = (Writable<NodeId>) c;
            assertThat(w.write(driver.parseAddress("ns=1;s=Sim.Setpoint"), 17.25))
                    .isEqualTo(Quality.GOOD);
            peer.awaitLine("WRITE Setpoint=17.25", 10);
            assertThat(c.read(List.of(driver.parseAddress("ns=1;s=Sim.Setpoint")))
                            .get(0)
                            .value())
                    .isEqualTo(17.25);
            assertThat(w.write(driver.parseAddress("ns=1;s=Sim.Nope"), 1).isGood())
                    .isFalse();
        }
    }

    @Test
    void browseFindsThePeersVariables() throws Exception {
        try (Connection<NodeId> c = connect(Map.of())) {
            var entries = ((Browsable<NodeId>) c).browse(100);
            assertThat(entries)
                    .extracting(e -> driver.format(e.address()))
                    .contains("ns=1;s=Sim.D0000", "ns=1;s=Sim.D0049", "ns=1;s=Sim.Setpoint");
            assertThat(entries).anySatisfy(e -> assertThat(e.description()).isEqualTo("Simulation/D0000"));
        }
    }

    @Test
    void signAndEncryptNeedsThePeerCertificateInTheTrustDirectory() throws Exception {
        Path trust = pki.resolve("trust-" + System.nanoTime());
        Map<String, Object> encrypt = Map.of("securityMode", "encrypt", "trustDir", trust.toString());
        assertThatThrownBy(() -> connect(encrypt))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("thumbprint")
                .hasMessageContaining("rejected");
        Path rejected;
        try (var files = Files.list(pki.resolve("rejected"))) {
            rejected =
                    files.filter(f -> f.toString().endsWith(".der")).findFirst().orElseThrow();
        }
        Files.createDirectories(trust);
        Files.copy(rejected, trust.resolve(rejected.getFileName()));
        try (Connection<NodeId> c = connect(encrypt)) {
            assertThat(c.read(nodes(3)))
                    .allSatisfy(r -> assertThat(r.quality().isGood()).isTrue());
        }
        try (Connection<NodeId> c = connect(Map.of("securityMode", "sign", "trustDir", trust.toString()))) {
            assertThat(c.read(nodes(1)).get(0).quality().isGood()).isTrue();
        }
    }

    @Test
    void unknownUserIsRefused() {
        assertThatThrownBy(() -> connect(Map.of("username", "nobody", "password", "x")))
                .isInstanceOf(ConnectionException.class);
    }
}
