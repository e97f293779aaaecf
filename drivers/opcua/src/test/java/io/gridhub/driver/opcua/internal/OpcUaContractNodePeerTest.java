package io.gridhub.driver.opcua.internal;

import io.gridhub.driver.opcua.OpcUaDriver;
import io.gridhub.driver.opcua.OpcUaSettings;
import io.gridhub.driver.testkit.DriverContractTest;
import io.gridhub.driver.testkit.PeerProcess;
import io.gridhub.testkit.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver contract against an independent server: node-opcua (npm) in its own process, killed and restarted.
 * <p>
 * node-opcua takes about 2 s to start, so one peer serves the whole class: the contract's stop after each test
 * leaves it running (every connection of the test is closed by then), while a stop inside a test (the lost-peer
 * test) kills it as before, and the next start brings it back. The peer goes away after the last test.
 */
class OpcUaContractNodePeerTest extends DriverContractTest<OpcUaSettings, NodeId> {
    private static final int PORT = Ports.free();
    private static PeerProcess peer;
    private static boolean running;
    /** Set once the test body is over: the contract's {@code stopPeer} after it keeps the peer for the next test. */
    private boolean testOver;

    @TempDir
    Path pki;

    @Override
    protected OpcUaDriver driver() {
        return new OpcUaDriver();
    }

    @Override
    protected OpcUaSettings settings() {
        return NodePeers.settings(PORT, pki, Map.of());
    }

    @Override
    protected OpcUaSettings unreachableSettings() {
        return NodePeers.settings(Ports.free(), pki, Map.of());
    }

    @Override
    protected List<String> goodAddresses() {
        return List.of("ns=1;s=Sim.D0000", "ns=1;s=Sim.D0009", "ns=1;s=Sim.Setpoint", "i=2258");
    }

    @Override
    protected String refusedAddress() {
        return "ns=1;s=Sim.Nope";
    }

    @Override
    protected String malformedAddress() {
        return "Sim.D0000";
    }

    @Override
    protected Duration patience() {
        return Duration.ofSeconds(40);
    }

    @Override
    protected void startPeer() throws Exception {
        if (peer == null) {
            peer = NodePeers.server(PORT, 10, 100);
        }
        if (!running) {
            peer.start();
            running = true;
        }
    }

    @Override
    protected void stopPeer() throws Exception {
        if (peer != null && !testOver) {
            peer.stop();
            running = false;
        }
    }

    /** Runs before the contract's own {@code @AfterEach} (JUnit runs a subclass's first). */
    @AfterEach
    void keepThePeerForTheNextTest() {
        testOver = true;
    }

    @AfterAll
    static void stopThePeer() throws Exception {
        if (peer != null) {
            peer.stop();
            running = false;
        }
    }
}
