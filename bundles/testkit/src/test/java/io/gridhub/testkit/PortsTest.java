package io.gridhub.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
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
}
