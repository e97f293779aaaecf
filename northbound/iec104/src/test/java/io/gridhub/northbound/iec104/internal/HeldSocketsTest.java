package io.gridhub.northbound.iec104.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class HeldSocketsTest {
    @Test
    void acceptedSocketsSendSpontaneousDataWithoutNagle() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new HeldSockets(4).createServerSocket(0, 1, loopback);
                Socket master = new Socket(loopback, server.getLocalPort());
                Socket accepted = server.accept()) {
            assertThat(master.getTcpNoDelay()).isFalse();
            assertThat(accepted.getTcpNoDelay()).isTrue();
        }
    }
}
