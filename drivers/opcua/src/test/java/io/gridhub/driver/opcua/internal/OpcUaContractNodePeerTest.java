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
import org.junit.jupiter.api.io.TempDir;

/** The driver contract against an independent server: node-opcua (npm) in its own process, killed and restarted. */
class OpcUaContractNodePeerTest extends DriverContractTest<OpcUaSettings, NodeId> {
    private final int port = Ports.free();
    private PeerProcess peer;

    @TempDir
    Path pki;

    @Override
    protected OpcUaDriver driver() {
        return new OpcUaDriver();
    }

    @Override
    protected OpcUaSettings settings() {
        return NodePeers.settings(port, pki, Map.of());
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
            peer = NodePeers.server(port, 10, 100);
        }
        peer.start();
    }

    @Override
    protected void stopPeer() throws Exception {
        if (peer != null) {
            peer.stop();
        }
    }
}
