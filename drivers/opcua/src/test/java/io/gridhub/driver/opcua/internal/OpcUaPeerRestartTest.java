package io.gridhub.driver.opcua.internal;

import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.Subscribable;
import io.gridhub.driver.opcua.OpcUaDriver;
import io.gridhub.driver.testkit.PeerProcess;
import io.gridhub.testkit.Ports;
import io.gridhub.testkit.Waits;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The peer killed and restarted mid-subscription: samples resume by themselves on the same connection. */
@Timeout(240)
class OpcUaPeerRestartTest {
    @TempDir
    Path pki;

    @Test
    void dataResumesAfterThePeerRestarts() throws Exception {
        int port = Ports.free();
        OpcUaDriver driver = new OpcUaDriver();
        try (PeerProcess peer = NodePeers.server(port, 5, 100).start();
                Connection<NodeId> c = driver.connect(
                        NodePeers.settings(port, pki, Map.of()), DeviceContext.of("restart", Clock.systemUTC()))) {
            AtomicLong good = new AtomicLong();
            List<NodeId> nodes =
                    List.of(driver.parseAddress("ns=1;s=Sim.D0000"), driver.parseAddress("ns=1;s=Sim.D0004"));
            try (AutoCloseable sub = ((Subscribable<NodeId>) c).subscribe(nodes, (n, r) -> {
                if (r.quality().isGood()) {
                    good.incrementAndGet();
                }
            })) {
                Waits.until(Duration.ofSeconds(20), () -> good.get() >= 10, "ten good samples");
                peer.stop();
                Thread.sleep(1500);
                peer.start();
                long before = good.get();
                Waits.until(
                        Duration.ofSeconds(90), () -> good.get() >= before + 10, "ten good samples after the restart");
            }
        }
    }
}
