package io.gridhub.driver.opcua.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.Subscribable;
import io.gridhub.driver.opcua.OpcUaDriver;
import io.gridhub.driver.testkit.PeerProcess;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
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
        int port = TestSettings.freePort();
        OpcUaDriver driver = new OpcUaDriver();
        try (PeerProcess peer = NodePeers.server(port, 5, 100).start();
                Connection<NodeId> c = driver.connect(
                        TestSettings.of("opc.tcp://127.0.0.1:" + port + "/peer", pki, Map.of()),
                        DeviceContext.of("restart", Clock.systemUTC()))) {
            AtomicLong good = new AtomicLong();
            List<NodeId> nodes =
                    List.of(driver.parseAddress("ns=1;s=Sim.D0000"), driver.parseAddress("ns=1;s=Sim.D0004"));
            try (AutoCloseable sub = ((Subscribable<NodeId>) c).subscribe(nodes, (n, r) -> {
                if (r.quality().isGood()) {
                    good.incrementAndGet();
                }
            })) {
                await(() -> good.get() >= 10, 20);
                peer.stop();
                Thread.sleep(1500);
                peer.start();
                long before = good.get();
                await(() -> good.get() >= before + 10, 90);
            }
        }
    }

    private static void await(BooleanSupplier ok, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!ok.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within %d s", seconds).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
