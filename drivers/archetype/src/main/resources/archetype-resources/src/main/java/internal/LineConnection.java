package ${package}.internal;

import ${package}.${driverClass};

import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.Reading;
import io.gridhub.api.model.Quality;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One TCP connection: a value per line asked for; a lost or garbled stream throws, an {@code ERR} is a quality. */
public final class LineConnection implements Connection<String> {
    private final Socket socket;
    private final BufferedReader in;
    private final PrintWriter out;
    private volatile boolean closed;

    private LineConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        this.out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.US_ASCII);
    }

    public static LineConnection open(${driverClass}.Settings s) throws ConnectionException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(s.host(), s.port()), s.timeoutMillis());
            socket.setSoTimeout(s.timeoutMillis());
            return new LineConnection(socket);
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Nothing more to free.
            }
            throw new ConnectionException("cannot connect to " + s.host() + ":" + s.port() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Reading> read(List<String> channels) throws ConnectionException {
        if (closed) {
            throw new ConnectionException("connection is closed");
        }
        List<Reading> readings = new ArrayList<>(channels.size());
        try {
            for (String name : channels) {
                out.println("GET " + name);
                String line = in.readLine();
                if (line == null) {
                    throw new IOException("the device closed the connection");
                }
                readings.add(parse(line));
            }
            return readings;
        } catch (IOException | NumberFormatException e) {
            close();
            throw new ConnectionException("connection lost: " + e.getMessage(), e);
        }
    }

    private static Reading parse(String line) {
        if (line.startsWith("ERR")) {
            return Reading.failed(Quality.invalid(Quality.Reason.CONFIGURATION_ERROR, line.substring(3).trim()));
        }
        return Reading.good(Double.parseDouble(line.trim()));
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is best effort.
        }
    }
}
