package io.gridhub.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

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
}
