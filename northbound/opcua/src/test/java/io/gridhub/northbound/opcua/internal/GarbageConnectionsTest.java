package io.gridhub.northbound.opcua.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.testkit.FakeHub;
import io.gridhub.testkit.Ports;
import io.gridhub.testkit.RecordingAuditTrail;
import io.gridhub.testkit.Waits;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage and silent TCP connections to the OPC UA server: Milo closes each (a bad message at once, a missing Hello
 * after its hello deadline), and the server's threads return to the count before them.
 */
@Timeout(120)
class GarbageConnectionsTest {
    @TempDir
    Path dir;

    @Test
    void garbageAndSilentConnectionsAreClosedAndLeaveNoThreads() throws Exception {
        int port = Ports.free();
        FakeHub hub = DemoHub.hub();
        ServerOptions o = new ServerOptions(
                "127.0.0.1",
                port,
                "/gridhub",
                "127.0.0.1",
                new LinkedHashSet<>(List.of("none")),
                true,
                ServerOptions.parseUsers(new String[] {}),
                dir.resolve("server"),
                false,
                5000);
        NorthboundServer server = DemoHub.server(o, hub, RecordingAuditTrail::new);
        server.start();
        try {
            // The first round starts what starts lazily (Netty's event loop threads, a bounded pool): the second
            // must leave the count where the first left it.
            closeAll(round(port, 50));
            Map<String, Integer> baseline = threads();
            int before = ManagementFactory.getThreadMXBean().getThreadCount();
            List<Socket> peers = round(port, 50);
            int during = ManagementFactory.getThreadMXBean().getThreadCount();
            closeAll(peers);
            Waits.holds(Duration.ofSeconds(20), () -> threads().equals(baseline));
            assertThat(threads()).isEqualTo(baseline);
            System.out.printf(
                    "opcua server, 50 garbage/silent connections: live threads %d before, %d during, %d after;"
                            + " counted %s%n",
                    before, during, ManagementFactory.getThreadMXBean().getThreadCount(), threads());
        } finally {
            server.close();
        }
    }

    /** Each one is closed by the server: at once (garbage) or after Milo's hello deadline (silence). */
    private static void closeAll(List<Socket> peers) throws IOException {
        for (Socket s : peers) {
            assertThat(closedByPeer(s, 30_000)).as("closed by the server").isTrue();
        }
    }

    /** Half garbage, half silent. */
    private static List<Socket> round(int port, int n) throws IOException {
        List<Socket> peers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
            if (i % 2 == 0) {
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
            }
            peers.add(s);
        }
        return peers;
    }

    private static boolean closedByPeer(Socket s, int millis) throws IOException {
        try (s) {
            s.setSoTimeout(millis);
            InputStream in = s.getInputStream();
            while (in.read() >= 0) {
                // Milo's ERR message, then the end
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** Live threads by name, numbers stripped (pool threads are named by their index). */
    private static Map<String, Integer> threads() {
        Map<String, Integer> count = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive()) {
                count.merge(t.getName().replaceAll("\\d+", "#"), 1, Integer::sum);
            }
        }
        return count;
    }
}
