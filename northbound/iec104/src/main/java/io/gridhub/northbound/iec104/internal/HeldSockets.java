package io.gridhub.northbound.iec104.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ServerSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <p>It also keeps the cap on connections: one accepted while {@code maxOpen} sockets are open is closed at once,
 * before j60870 builds a connection (two threads) for it, and the refusal is logged with the peer's address.
 */
final class HeldSockets extends ServerSocketFactory {
    private static final Logger LOG = LoggerFactory.getLogger(HeldSockets.class);
    /** Longest a socket's input waits for its release; a connection j60870 never hands over is closed by then. */
    private static final long MAX_HOLD_MILLIS = 10_000;

    private static final long ACCEPT_RETRY_MILLIS = 50;

    private final int maxOpen;
    private final Map<SocketAddress, HeldSocket> held = new ConcurrentHashMap<>();
    private final Set<HeldSocket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong refused = new AtomicLong();
    /** Refusals since the cap was last left: the first of a run is a warning, the rest debug lines. */
    private long refusedInRun;

    HeldSockets(int maxOpen) {
        this.maxOpen = maxOpen;
    }

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

    /** Sockets accepted and not closed yet. */
    int open() {
        return open.size();
    }

    /** Connections closed at once because {@code maxOpen} sockets were open. */
    long refused() {
        return refused.get();
    }

    /** Closes every socket still open (the server has stopped). */
    void closeAll() {
        for (HeldSocket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.debug("iec104 socket close failed", e);
            }
        }
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

        /**
         * j60870's server thread stops listening for good on an IOException from here, so one peer's failure (a
         * reset before its socket is set up, no file descriptor left for a moment) is handled here and the next
         * connection is accepted; only a closed server socket ends the loop.
         */
        @Override
        public Socket accept() throws IOException {
            while (true) {
                HeldSocket s = new HeldSocket();
                try {
                    implAccept(s);
                    if (admit(s)) {
                        // j60870 leaves Nagle on: a spontaneous ASDU then waits for the master's delayed TCP ack (up
                        // to 40 ms) whenever the one before is unacknowledged, and the master acknowledges only every
                        // w frames.
                        s.setTcpNoDelay(true);
                        held.put(s.getRemoteSocketAddress(), s);
                        return s;
                    }
                    s.close();
                } catch (IOException e) {
                    s.close();
                    if (isClosed()) {
                        throw e;
                    }
                    LOG.debug("iec104 accept failed, accepting the next connection", e);
                    pause();
                }
            }
        }
    }

    /** A short pause after a failed accept, so that a lasting failure (no descriptors) does not spin a core. */
    private static void pause() throws IOException {
        try {
            Thread.sleep(ACCEPT_RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while accepting", e);
        }
    }

    /** On the accepting thread only: counts the socket in, or refuses it when {@code maxOpen} are open. */
    private boolean admit(HeldSocket s) {
        if (open.size() < maxOpen) {
            if (refusedInRun > 0) {
                LOG.info("iec104 accepts connections again, {} refused at the cap of {}", refusedInRun, maxOpen);
                refusedInRun = 0;
            }
            open.add(s);
            return true;
        }
        refused.incrementAndGet();
        refusedInRun++;
        if (refusedInRun == 1) {
            LOG.warn(
                    "iec104 connection from {} refused: {} connections open (maxConnections); further refusals are"
                            + " logged at debug until one closes",
                    s.getRemoteSocketAddress(),
                    maxOpen);
        } else {
            LOG.debug("iec104 connection from {} refused: {} connections open", s.getRemoteSocketAddress(), maxOpen);
        }
        return false;
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
            // A connection j60870 refuses (not allowed) is closed without being handed over.
            SocketAddress remote = getRemoteSocketAddress();
            if (remote != null) { // null: not accepted
                held.remove(remote, this);
            }
            open.remove(this);
            released.countDown();
            super.close();
        }
    }
}
