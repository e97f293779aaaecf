package io.gridhub.driver.ocpp.internal;

import io.gridhub.driver.ocpp.OcppSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.protocols.Protocol;
import org.java_websocket.server.DefaultSSLWebSocketServerFactory;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The central system's WebSocket endpoint ({@code ws://HOST:PORT/PATH/<chargePointId>}, {@code wss://} with TLS, the
 * subprotocol {@code ocpp1.6}) on Java-WebSocket. The handshake asks {@link CentralSystem#admit}; a refused one is
 * answered with HTTP 404 and closed (Java-WebSocket answers every refused upgrade so). Frames go to the central
 * system in the order they came, per connection.
 */
public final class OcppServer extends WebSocketServer {
    private static final Logger LOG = LoggerFactory.getLogger(OcppServer.class);
    private static final int MAX_ID = 48;

    /** Where and how it listens. */
    public record Options(String host, int port, String path, SSLContext tls, int maxFrameBytes, int pingSeconds) {}

    private final CentralSystem system;
    private final String prefix;
    private final CountDownLatch started = new CountDownLatch(1);
    private final AtomicReference<Exception> startFailure = new AtomicReference<>();

    private OcppServer(CentralSystem system, Options o) {
        super(
                new InetSocketAddress(o.host(), o.port()),
                2,
                List.<Draft>of(new Draft_6455(
                        List.of(), List.of(new Protocol("ocpp1.6"), new Protocol("")), o.maxFrameBytes())));
        this.system = system;
        String p = o.path().startsWith("/") ? o.path() : "/" + o.path();
        this.prefix = p.endsWith("/") ? p : p + "/";
        setReuseAddr(true);
        setDaemon(true);
        setConnectionLostTimeout(o.pingSeconds());
        if (o.tls() != null) {
            setWebSocketFactory(new DefaultSSLWebSocketServerFactory(o.tls()));
        }
    }

    /** Starts listening; returns once the port is bound (at most 10 s). */
    public static OcppServer start(CentralSystem system, Options options) throws IOException {
        OcppServer s = new OcppServer(system, options);
        s.start();
        try {
            if (!s.started.await(10, TimeUnit.SECONDS) || s.startFailure.get() != null) {
                s.stop(1000);
                Exception e = s.startFailure.get();
                throw new IOException("OCPP server cannot listen on " + options.host() + ":" + options.port(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the OCPP server", e);
        }
        return s;
    }

    /** The port it listens on (the bound one when the options asked for 0). */
    public int boundPort() {
        return getPort();
    }

    @Override
    public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(
            WebSocket conn, Draft draft, ClientHandshake request) throws InvalidDataException {
        ServerHandshakeBuilder b = super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
        String id = chargePointId(request.getResourceDescriptor());
        if (id == null) {
            throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "expected " + prefix + "<chargePointId>");
        }
        InetSocketAddress remote = conn.getRemoteSocketAddress();
        InetAddress address = remote == null ? null : remote.getAddress();
        try {
            OcppSettings cp = system.admit(id, request.getFieldValue("Authorization"), address);
            conn.setAttachment(new Admitted(id, cp));
        } catch (CentralSystem.Refused r) {
            LOG.debug("refused {} from {}: {}", id, remote, r.getMessage());
            throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, r.getMessage());
        }
        return b;
    }

    private record Admitted(String id, OcppSettings settings) {}

    /** The identity in {@code /ocpp/<id>}, URL-decoded; null when the path is not that. */
    String chargePointId(String resource) {
        if (resource == null || !resource.startsWith(prefix)) {
            return null;
        }
        String rest = resource.substring(prefix.length());
        int q = rest.indexOf('?');
        rest = q >= 0 ? rest.substring(0, q) : rest;
        String id;
        try {
            id = URLDecoder.decode(rest, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return id.isEmpty() || id.length() > MAX_ID || id.contains("/") ? null : id;
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        if (!(conn.getAttachment() instanceof Admitted a)) {
            conn.close(CloseFrame.POLICY_VALIDATION, "not admitted");
            return;
        }
        String remote = String.valueOf(conn.getRemoteSocketAddress());
        conn.setAttachment(system.opened(a.id(), a.settings(), remote, new ChargePointLink.Socket() {
            @Override
            public boolean send(String text) {
                try {
                    conn.send(text);
                    return true;
                } catch (WebsocketNotConnectedException e) {
                    return false;
                }
            }

            @Override
            public void close(String why) {
                conn.close(CloseFrame.POLICY_VALIDATION, why.length() > 100 ? why.substring(0, 100) : why);
            }
        }));
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        if (conn.getAttachment() instanceof ChargePointLink link && link.isOpen()) {
            try {
                system.onText(link, message);
            } catch (RuntimeException | LinkageError e) {
                // Java-WebSocket stops the whole server on an error thrown here: one frame must not do that.
                LOG.warn("charge point {}: a frame failed", link.id, e);
            }
        }
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        if (conn.getAttachment() instanceof ChargePointLink link) {
            system.closed(link, "closed (" + code + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")");
        }
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        if (conn == null) {
            startFailure.compareAndSet(null, ex);
            started.countDown();
        } else {
            LOG.debug("OCPP connection {}: {}", conn.getRemoteSocketAddress(), ex.toString());
        }
    }

    @Override
    public void onStart() {
        started.countDown();
    }
}
