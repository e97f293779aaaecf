package io.gridhub.northbound.iec104.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.model.Sample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A master that sends STARTDT and its first interrogation in the very packet that follows the TCP connect (as the
 * hub's own client and most masters do) must be served every time. j60870 1.5.0 starts a connection's reader
 * thread inside the Connection constructor, before the idle timer and timeout manager exist; a STARTDT read in
 * that instant made the reader fail with a NullPointerException and close the link right after it had confirmed
 * STARTDT (MalformedApduTest's flaky "did not confirm STARTDT: connection closed"). Many connections at once on
 * both cores make the instant likely.
 */
@Timeout(120)
class StartDtRaceTest {
    private static final HexFormat HEX = HexFormat.of();
    /** STARTDT act, then a station interrogation (C_IC_NA_1, COT 6, CA 1, IOA 0, QOI 20). */
    private static final byte[] HELLO =
            HEX.parseHex("680407000000" + "680e00000000" + "64010600" + "0100" + "000000" + "14");

    private static final int THREADS = 4;
    private static final int CONNECTIONS_PER_THREAD = 60;

    private Fixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new Fixture(OutstationTest.map(), Set.of("127.0.0.1"), Set.of(), 0, 12, 8);
        fixture.latest.put(Sample.good(OutstationTest.P, 1, Instant.now()));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void everyMasterThatSendsAtOnceGetsItsInterrogationAnswered() throws Exception {
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            for (int t = 0; t < THREADS; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < CONNECTIONS_PER_THREAD && System.nanoTime() < deadline; i++) {
                        String outcome = helloAndInterrogate();
                        if (!outcome.equals("terminated")) {
                            failures.add(outcome);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(100, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures)
                .as("connections not served to the interrogation's ACT_TERM")
                .isEmpty();
    }

    /** Connects, sends STARTDT and an interrogation at once, reads until ACT_TERM of the interrogation. */
    private String helloAndInterrogate() throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), fixture.port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(HELLO);
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            while (true) {
                int start = in.read();
                if (start < 0) {
                    return "closed by the outstation after " + HEX.formatHex(got.toByteArray());
                }
                int len = in.read();
                byte[] body = in.readNBytes(Math.max(0, len));
                got.write(start);
                got.write(len);
                got.write(body);
                // I-frame (bit 0 of the first control octet clear) of type 100 with COT 10 (ACT_TERM).
                if (start == 0x68
                        && body.length >= 7
                        && (body[0] & 1) == 0
                        && (body[4] & 0xff) == 100
                        && (body[6] & 0x3f) == 10) {
                    return "terminated";
                }
            }
        } catch (SocketTimeoutException e) {
            return "no ACT_TERM within 5 s";
        } catch (IOException e) {
            return "connection failed: " + e;
        }
    }
}
