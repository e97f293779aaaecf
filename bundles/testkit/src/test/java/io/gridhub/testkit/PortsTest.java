package io.gridhub.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PortsTest {
    @Test
    void aFreePortCanBeBoundOnLoopback() throws Exception {
        int port = Ports.free();
        assertThat(port).isBetween(1, 65_535);
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(s.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void severalPortsAreDistinct() {
        List<Integer> ports = Ports.free(4);
        assertThat(ports).hasSize(4).doesNotHaveDuplicates();
    }

    @Test
    void listenWaitsForAPortStillHeldAndThenAcceptsOnIt() throws Exception {
        ServerSocket held = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        int port = held.getLocalPort();
        CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS))
                .thenRun(() -> close(held));
        try (ServerSocket s = Ports.listen(port, Duration.ofSeconds(5));
                Socket client = new Socket("127.0.0.1", port)) {
            assertThat(held.isClosed()).isTrue();
            assertThat(s.getInetAddress().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(client.isConnected()).isTrue();
        }
    }

    @Test
    void listenFailsNamingThePortWhenItStaysTaken() throws Exception {
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> Ports.listen(held.getLocalPort(), Duration.ofMillis(200)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("port " + held.getLocalPort());
        }
    }

    private static void close(ServerSocket s) {
        try {
            s.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
