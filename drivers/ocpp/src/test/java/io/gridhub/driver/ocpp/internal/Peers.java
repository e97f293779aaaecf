package io.gridhub.driver.ocpp.internal;

import io.gridhub.driver.testkit.PeerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The ocpp-rpc charge point from src/test/peers in its own process (npm ci into target/peers once). In CI
 * ({@code CI=true}) a missing node or npm fails the test instead of skipping it (PeerProcess.npmCi).
 */
final class Peers {
    private static final Path PEERS = Path.of(System.getProperty("gridhub.peers", "src/test/peers"));
    private static final Path WORK = Path.of(System.getProperty("gridhub.peers.work", "target/peers"));

    private Peers() {}

    /** A charge point running {@code scenario} against {@code url}/{@code id}; started, once it printed a line. */
    static PeerProcess chargePoint(String url, String id, String scenario, String password, Path ca) throws Exception {
        PeerProcess.npmCi(PEERS, WORK, "ocpp-rpc");
        List<String> cmd = new ArrayList<>(List.of(
                "node",
                WORK.resolve("charge-point.js").toString(),
                url,
                id,
                scenario,
                password == null ? "" : password));
        if (ca != null) {
            cmd.add(ca.toString());
        }
        PeerProcess p = new PeerProcess(cmd);
        p.start();
        return p;
    }
}
