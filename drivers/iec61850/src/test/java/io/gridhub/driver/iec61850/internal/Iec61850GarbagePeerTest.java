package io.gridhub.driver.iec61850.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.driver.iec61850.Iec61850Driver;
import io.gridhub.driver.iec61850.Iec61850Settings;
import io.gridhub.testkit.Settings;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Peers on 127.0.0.1 that answer the association request with garbage: a clean ConnectionException, in time. */
@Timeout(60)
class Iec61850GarbagePeerTest {
    /** Answers every connection with the bytes, then keeps it open a while (or closes it). */
    private static Thread peer(ServerSocket server, byte[] answer, boolean thenClose) {
        Thread t = new Thread(
                () -> {
                    for (int i = 0; i < 3 && !server.isClosed(); i++) {
                        try (Socket s = server.accept()) {
                            InputStream in = s.getInputStream();
                            in.read(new byte[512]); // the COTP connection request
                            OutputStream out = s.getOutputStream();
                            out.write(answer);
                            out.flush();
                            if (!thenClose) {
                                Thread.sleep(5000);
                            }
                        } catch (Exception e) {
                            // the client hung up or the test ended
                        }
                    }
                },
                "garbage-peer");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void assertCleanFailure(byte[] answer, boolean thenClose) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            peer(server, answer, thenClose);
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> new Iec61850Driver()
                            .connect(
                                    Settings.of(
                                            Iec61850Settings.class,
                                            "host",
                                            "127.0.0.1",
                                            "port",
                                            server.getLocalPort(),
                                            "timeoutMillis",
                                            1000),
                                    DeviceContext.of("garbage", Clock.systemUTC())))
                    .isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("127.0.0.1:" + server.getLocalPort())
                    .satisfies(e -> assertThat(((ConnectionException) e).isConfiguration())
                            .isFalse());
            assertThat((System.nanoTime() - t0) / 1e9).as("seconds to fail").isLessThan(10);
        }
    }

    @Test
    void randomBytesAreACleanConnectionFailure() throws Exception {
        Random random = new Random(61850);
        for (int i = 0; i < 5; i++) {
            byte[] answer = new byte[1 + random.nextInt(300)];
            random.nextBytes(answer);
            assertCleanFailure(answer, i % 2 == 0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "0300000b06d0000000000000", // a TPKT announcing more than follows, then silence
                "03000016" + "11d00000000000c00109c2020001c102", // a plausible COTP CC, then no ACSE answer
                "0300ffff", // a TPKT header only
                "48545450", // "HTTP"
            })
    void malformedOrSilentAnswersFailInTime(String hex) throws Exception {
        assertCleanFailure(HexFormat.of().parseHex(hex), false);
    }
}
