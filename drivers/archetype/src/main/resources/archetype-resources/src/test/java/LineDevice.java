package ${package};

import io.gridhub.testkit.Ports;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A test device speaking the line protocol on loopback; stop() cuts every connection, start() listens again. */
final class LineDevice {
    private final Map<String, Double> values;
    private final int port;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private ServerSocket server;

    LineDevice(int port, Map<String, Double> values) {
        this.port = port;
        this.values = values;
    }

    /**
     * Listens again on the same port. A restart right after stop() may find the port still held for a moment (a
     * connection closing, or a client socket of another test that the kernel gave this ephemeral port): retry the
     * bind for at most 5 s.
     */
    void start() {
        ServerSocket listening = Ports.listen(port, Duration.ofSeconds(5));
        server = listening;
        Thread t = new Thread(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket s = listening.accept();
                    clients.add(s);
                    Thread c = new Thread(() -> serve(s), "line-device-client");
                    c.setDaemon(true);
                    c.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "line-device");
        t.setDaemon(true);
        t.start();
    }


    private void serve(Socket s) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                StandardCharsets.US_ASCII)); PrintWriter out = new PrintWriter(s.getOutputStream(), true,
                StandardCharsets.US_ASCII)) {
            for (String line; (line = in.readLine()) != null; ) {
                Double v = line.startsWith("GET ") ? values.get(line.substring(4)) : null;
                out.println(v == null ? "ERR unknown " + line : String.valueOf(v));
            }
        } catch (IOException e) {
            // The client left or the device stopped.
        }
    }

    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        for (Socket s : clients) {
            s.close();
        }
        clients.clear();
    }
}
