package io.gridhub.driver.opcua.internal;

import io.gridhub.driver.opcua.OpcUaSettings;
import io.gridhub.driver.testkit.PeerProcess;
import io.gridhub.testkit.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The node-opcua server script from src/test/peers in its own process (npm ci into target/peers once). */
final class NodePeers {
    private static final Path PEERS = Path.of(System.getProperty("gridhub.peers", "src/test/peers"));
    private static final Path WORK = Path.of(System.getProperty("gridhub.peers.work", "target/peers"));

    private NodePeers() {}

    /**
     * {@code opc.tcp://127.0.0.1:<port>/peer}, Doubles ns=1;s=Sim.D0000…, Sim.Setpoint; {@code start()} waits (at
     * most 60 s: node-opcua is slow to start on a loaded machine) for its READY line.
     */
    static PeerProcess server(int port, int count, int periodMillis) throws Exception {
        PeerProcess.npmCi(PEERS, WORK, "node-opcua");
        return new PeerProcess(List.of(
                        "node",
                        WORK.resolve("opcua-server.js").toString(),
                        String.valueOf(port),
                        "240",
                        String.valueOf(count),
                        String.valueOf(periodMillis),
                        WORK.resolve(".pki/server").toString()))
                .readyLine("READY", 60);
    }

    /** The client's settings for the peer on {@code port}: certificates under {@code pki}, 3 s timeouts, then more. */
    static OpcUaSettings settings(int port, Path pki, Map<String, ?> more) {
        Map<String, Object> m = Settings.map("endpointUrl", "opc.tcp://127.0.0.1:" + port + "/peer");
        m.put("pkiDir", pki.toString());
        m.putAll(Settings.map("requestTimeoutMillis", 3000, "connectTimeoutMillis", 3000));
        m.putAll(more);
        return Settings.of(OpcUaSettings.class, m);
    }
}
