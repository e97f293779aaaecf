package io.gridhub.driver.opcua.internal;

import io.gridhub.driver.testkit.PeerProcess;
import java.nio.file.Path;
import java.util.List;

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
}
