package io.gridhub.northbound.iec104.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.Reading;
import io.gridhub.api.driver.Subscribable;
import io.gridhub.api.model.Sample;
import io.gridhub.driver.iec104.Iec104Address;
import io.gridhub.testkit.Waits;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Connections that never send STARTDT — garbage, a frame cut short, or nothing at all — are closed, within the
 * STARTDT timeout at the latest, and leave no thread or socket behind; beyond {@code maxConnections} a connection is
 * refused at once. A master connected all along is served meanwhile, and a new one afterwards.
 *
 * <p>Before the fix every such connection kept its session thread blocked in j60870's {@code waitForStartDT} for
 * good (the soak's 114 → 283 threads).
 */
@Timeout(120)
class IdleConnectionsTest {
    private static final int MAX_CONNECTIONS = 16;
    private static final int STARTDT_TIMEOUT_MILLIS = 1000;
    private static final int SILENT = 25;
    private static final int GARBAGE = 20;
    private static final int CUT_SHORT = 5;

    private Fixture fixture;
    private Connection<Iec104Address> master;
    private final List<Reading> pushed = new CopyOnWriteArrayList<>();
    private final List<Socket> peers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        fixture = new Fixture(OutstationTest.map(), Set.of("127.0.0.1"), MAX_CONNECTIONS, STARTDT_TIMEOUT_MILLIS);
        fixture.latest.put(Sample.good(OutstationTest.P, 1, Instant.now()));
        master = fixture.client();
        master.read(List.of(Iec104Address.parse("ioa:1001")));
        ((Subscribable<Iec104Address>) master)
                .subscribe(List.of(Iec104Address.parse("ioa:1001")), (a, r) -> pushed.add(r));
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : peers) {
            s.close();
        }
        master.close();
        fixture.close();
    }

    @Test
    void connectionsWithoutStartDtAreClosedAndLeaveNothingBehind() throws Exception {
        Outstation o = fixture.outstation;
        Map<String, Integer> baseline = threads();
        int liveBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        assertThat(o.sessions()).isEqualTo(1);
        assertThat(o.openSockets()).isEqualTo(1);

        // Garbage, one at a time within the cap: j60870's reader fails on the first octet (no 0x68) and closes the
        // connection; the session goes with it, long before the STARTDT timeout.
        for (int i = 0; i < GARBAGE; i++) {
            try (Socket s = connect("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII))) {
                assertThat(closedByPeer(s, 10_000)).as("garbage closed").isTrue();
            }
        }
        Waits.until(Duration.ofSeconds(10), () -> o.sessions() == 1, "the garbage sessions closed");
        assertThat(o.startDtTimeouts()).as("closed as malformed, not timed out").isZero();
        assertThat(o.refusedConnections()).isZero();

        // Then silence and frames cut short, all at once: they hold their slots until the STARTDT timeout, so the
        // cap is reached and the rest are refused.
        for (int i = 0; i < SILENT; i++) {
            peers.add(connect(new byte[0]));
        }
        for (int i = 0; i < CUT_SHORT; i++) {
            peers.add(connect(new byte[] {0x68, 0x0e, 0x00, 0x00})); // an I-frame's first 4 of 16 octets
        }
        int liveDuring = ManagementFactory.getThreadMXBean().getThreadCount();
        assertThat(o.openSockets()).isLessThanOrEqualTo(MAX_CONNECTIONS);

        // Served meanwhile: spontaneous data and an interrogation.
        stillServed(master, 100);

        // Every one is closed by the outstation: end of stream or a reset, within the timeout and then some.
        for (Socket s : peers) {
            assertThat(closedByPeer(s, 10_000)).as("closed by the outstation").isTrue();
        }
        Waits.until(
                Duration.ofSeconds(10),
                () -> o.sessions() == 1 && o.openSockets() == 1 && threads().equals(baseline),
                "the outstation back to one session, one socket and its threads");
        int liveAfter = ManagementFactory.getThreadMXBean().getThreadCount();
        System.out.printf(
                "iec104 outstation, %d connections without STARTDT: live threads %d before, %d during, %d after;"
                        + " %d refused at the cap of %d, %d closed for no STARTDT within %d ms; counted %s%n",
                SILENT + GARBAGE + CUT_SHORT,
                liveBefore,
                liveDuring,
                liveAfter,
                o.refusedConnections(),
                MAX_CONNECTIONS,
                o.startDtTimeouts(),
                STARTDT_TIMEOUT_MILLIS,
                baseline);
        assertThat(o.refusedConnections())
                .as("the ones beyond the cap")
                .isGreaterThanOrEqualTo(SILENT + CUT_SHORT + 1 - MAX_CONNECTIONS);
        assertThat(o.startDtTimeouts()).as("the silent ones within the cap").isGreaterThanOrEqualTo(1);

        // A new master is served after, and the first still is.
        try (Connection<Iec104Address> fresh = fixture.client()) {
            assertThat(fresh.read(List.of(Iec104Address.parse("ioa:1001")))
                            .get(0)
                            .value())
                    .isEqualTo(100.0);
            stillServed(master, 200);
        }
    }

    @Test
    void aMasterThatSendsStartDtInTimeIsNotClosed() throws Exception {
        // The timer is cancelled by STARTDT: the master of start() outlives the timeout many times over.
        Thread.sleep(3L * STARTDT_TIMEOUT_MILLIS);
        stillServed(master, 100);
        assertThat(fixture.outstation.startDtTimeouts()).isZero();
        assertThat(fixture.outstation.connections()).isEqualTo(1);
    }

    /** A change beyond the map's deadband (10) reaches the master, and its interrogation answers it. */
    private void stillServed(Connection<Iec104Address> c, double v) throws Exception {
        fixture.latest.put(Sample.good(OutstationTest.P, v, Instant.now()));
        fixture.outstation.onSamples(List.of(Sample.good(OutstationTest.P, v, Instant.now())));
        Waits.until(Duration.ofSeconds(10), () -> pushed.stream().anyMatch(r -> r.value() == v), "value " + v);
        assertThat(c.read(List.of(Iec104Address.parse("ioa:1001"))).get(0).value())
                .isEqualTo(v);
    }

    private Socket connect(byte[] send) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), fixture.port);
        if (send.length > 0) {
            s.getOutputStream().write(send);
            s.getOutputStream().flush();
        }
        return s;
    }

    /** True when the other end closes or resets within the time; false when it is still open then. */
    private static boolean closedByPeer(Socket s, int millis) throws IOException {
        s.setSoTimeout(millis);
        InputStream in = s.getInputStream();
        try {
            while (in.read() >= 0) {
                // an answer (none expected); read on to the end
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /**
     * The threads a connection of either side owns, by name: j60870's reader and timeout manager (one each per
     * open connection, the master's own included) and the outstation's sender threads and timer. j60870's idle
     * connection-handler pool threads are left out: they end after 60 s idle, however many connections came.
     */
    private static Map<String, Integer> threads() {
        Map<String, Integer> count = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String n = t.getName();
            if (t.isAlive()
                    && (n.equals("ConnectionReader") || n.equals("TimeoutManager") || n.startsWith("iec104-"))) {
                count.merge(n, 1, Integer::sum);
            }
        }
        return count;
    }
}
