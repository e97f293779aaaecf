package io.gridhub.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Free TCP ports on 127.0.0.1, for servers a test starts (never a fixed port, never another interface). */
public final class Ports {
    private static final byte[] LOOPBACK = {127, 0, 0, 1};

    private Ports() {}

    /** A port that was free on 127.0.0.1 a moment ago. */
    public static int free() {
        return free(1).get(0);
    }

    /** {@code n} distinct ports that were free on 127.0.0.1 a moment ago (held open together while chosen). */
    public static List<Integer> free(int n) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getByAddress(LOOPBACK));
                held.add(s);
                ports.add(s.getLocalPort());
            }
            return List.copyOf(ports);
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing a socket that was only bound: nothing to recover
                }
            }
        }
    }

    /**
     * A socket listening on {@code port} of 127.0.0.1 again, for a test server that restarts on the port it had: a
     * listener just closed (or a client socket the kernel gave that port) may hold it a moment, so the bind is retried
     * until {@code timeout}.
     *
     * @throws AssertionError when the port was still taken after {@code timeout}
     */
    public static ServerSocket listen(int port, Duration timeout) {
        return Waits.value(timeout, () -> bound(port), "port " + port + " on 127.0.0.1 to be free to listen on");
    }

    private static Optional<ServerSocket> bound(int port) {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            try {
                s.bind(new InetSocketAddress(InetAddress.getByAddress(LOOPBACK), port));
                return Optional.of(s);
            } catch (BindException e) {
                s.close();
                return Optional.empty();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
    }
}
