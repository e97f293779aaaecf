package io.gridhub.northbound.iec104.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ServerSocketFactory;

/**
 * A server socket factory for j60870 whose accepted sockets hold their input until the connection is handed over.
 *
 * <p>Why: j60870 1.5.0 starts a connection's reader thread inside the {@code Connection} constructor, before the
 * constructor has created the idle timer, the timeout manager and the executor, and before the server hands the
 * connection to us ({@code connectionIndication}) so that we can set its listener. A master that sends STARTDT and an
 * interrogation right after connecting (the hub's client does, as most masters) is read in that instant: the reader
 * either confirms STARTDT and then dies on a NullPointerException (the link closes: the client's "did not confirm
 * STARTDT: connection closed"), or drops the interrogation for want of a listener. Holding the bytes until
 * {@link #release} — called once the listener is set — removes the instant instead of retrying around it.
 */
final class HeldSockets extends ServerSocketFactory {
    /** Longest a socket's input waits for its release; a connection j60870 never hands over is closed by then. */
    private static final long MAX_HOLD_MILLIS = 10_000;

    private final Map<SocketAddress, HeldSocket> held = new ConcurrentHashMap<>();

    /** Lets the input of the connection from {@code remote} flow. */
    void release(SocketAddress remote) {
        HeldSocket s = held.remove(remote);
        if (s != null) {
            s.released.countDown();
        }
    }

    /** Sockets accepted and not released yet (tests). */
    int holding() {
        return held.size();
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        return new Server(port, 50, null);
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
        return new Server(port, backlog, null);
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return new Server(port, backlog, bindAddress);
    }

    private final class Server extends ServerSocket {
        Server(int port, int backlog, InetAddress bindAddress) throws IOException {
            super(port, backlog, bindAddress);
        }

        @Override
        public Socket accept() throws IOException {
            HeldSocket s = new HeldSocket();
            implAccept(s);
            // j60870 leaves Nagle on: a spontaneous ASDU then waits for the master's delayed TCP ack (up to 40 ms)
            // whenever the one before is unacknowledged, and the master acknowledges only every w frames.
            s.setTcpNoDelay(true);
            held.put(s.getRemoteSocketAddress(), s);
            return s;
        }
    }

    private final class HeldSocket extends Socket {
        final CountDownLatch released = new CountDownLatch(1);
        private InputStream in;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new FilterInputStream(super.getInputStream()) {
                    @Override
                    public int read() throws IOException {
                        awaitRelease();
                        return super.read();
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        awaitRelease();
                        return super.read(b, off, len);
                    }
                };
            }
            return in;
        }

        private void awaitRelease() throws IOException {
            if (released.getCount() == 0) {
                return;
            }
            try {
                if (!released.await(MAX_HOLD_MILLIS, TimeUnit.MILLISECONDS)) {
                    throw new IOException("connection was not handed over within " + MAX_HOLD_MILLIS + " ms");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while held", e);
            }
        }

        @Override
        public synchronized void close() throws IOException {
            // A connection j60870 refuses (not allowed, too many) is closed without being handed over.
            held.remove(getRemoteSocketAddress(), this);
            released.countDown();
            super.close();
        }
    }
}
