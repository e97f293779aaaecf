package io.gridhub.driver.modbus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.driver.modbus.ModbusAddress;
import io.gridhub.driver.modbus.ModbusDriver;
import io.gridhub.driver.modbus.ModbusSettings;
import io.gridhub.testkit.Settings;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TCP peers that do not speak Modbus properly: random bytes, a valid header claiming a long frame that never
 * comes, a wrong transaction id, silence, an immediate close. Each must be a {@link ConnectionException} within
 * the timeout, never a crash, a hang or a leaked thread.
 */
@Timeout(60)
class ModbusGarbagePeerTest {
    private final ExecutorService server = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "garbage-peer");
        t.setDaemon(true);
        return t;
    });
    private ServerSocket socket;

    @AfterEach
    void stop() throws Exception {
        if (socket != null) {
            socket.close();
        }
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Serves each connection: reads a request (up to 260 bytes) and answers what {@code answer} makes of it. */
    private int serve(Function<byte[], byte[]> answer) throws Exception {
        socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        server.execute(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    server.execute(() -> {
                        try (s;
                                InputStream in = s.getInputStream();
                                OutputStream out = s.getOutputStream()) {
                            byte[] buf = new byte[260];
                            int n;
                            while ((n = in.read(buf)) > 0) {
                                byte[] reply = answer.apply(Arrays.copyOf(buf, n));
                                if (reply == null) {
                                    return;
                                }
                                out.write(reply);
                                out.flush();
                            }
                        } catch (Exception e) {
                            // The client went away.
                        }
                    });
                } catch (Exception e) {
                    return;
                }
            }
        });
        return socket.getLocalPort();
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> !n.startsWith("garbage-peer"))
                .collect(Collectors.toSet());
    }

    private void expectLossEveryTime(int port) throws Exception {
        expectLossEveryTime(port, 500);
    }

    /**
     * @param timeoutMillis the client's timeout: a peer that never completes an answer is lost only when it runs
     *     out, so those tests wait it out five times and keep it short
     */
    private void expectLossEveryTime(int port, int timeoutMillis) throws Exception {
        ModbusDriver driver = new ModbusDriver();
        List<ModbusAddress> ch = List.of(driver.parseAddress("hr:0"), driver.parseAddress("ir:0:float32"));
        Set<String> before = threadNames();
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            Connection<ModbusAddress> c = driver.connect(
                    Settings.of(
                            ModbusSettings.class, "host", "127.0.0.1", "port", port, "timeoutMillis", timeoutMillis),
                    DeviceContext.of("garbage", Clock.systemUTC()));
            assertThatThrownBy(() -> c.read(ch))
                    .isInstanceOf(ConnectionException.class)
                    .satisfies(e -> assertThat(e.getMessage()).contains("lost"));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5_000);
            // A lost connection stays lost: the driver does not reconnect behind the host's back.
            assertThatThrownBy(() -> c.read(ch)).isInstanceOf(ConnectionException.class);
            c.close();
        }
        Thread.sleep(100);
        assertThat(threadNames()).as("no thread left behind").isSubsetOf(before);
    }

    @Test
    void randomBytes() throws Exception {
        Random random = new Random(42);
        expectLossEveryTime(serve(req -> {
            byte[] junk = new byte[7 + random.nextInt(40)];
            random.nextBytes(junk);
            return junk;
        }));
    }

    @Test
    void headerPromisingMoreThanComes() throws Exception {
        expectLossEveryTime(serve(req -> new byte[] {req[0], req[1], 0, 0, 0x00, (byte) 0xFA, 1, 3, 4, 0}), 100);
    }

    @Test
    void wrongTransactionIdAndWrongFunction() throws Exception {
        expectLossEveryTime(serve(
                req -> new byte[] {(byte) (req[0] + 1), (byte) (req[1] + 7), 0, 0, 0, 5, 1, 3, 2, 0, 1}));
    }

    @Test
    void shortRegisterAnswer() throws Exception {
        // A well-framed answer with the right id but one register where two or more were asked for.
        expectLossEveryTime(serve(req -> new byte[] {req[0], req[1], 0, 0, 0, 5, req[6], req[7], 2, 0, 1}));
    }

    @Test
    void silence() throws Exception {
        expectLossEveryTime(serve(req -> new byte[0]), 100);
    }

    @Test
    void immediateClose() throws Exception {
        expectLossEveryTime(serve(req -> null));
    }
}
