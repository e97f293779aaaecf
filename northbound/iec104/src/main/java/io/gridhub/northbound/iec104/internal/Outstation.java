package io.gridhub.northbound.iec104.internal;

import io.gridhub.api.audit.AuditException;
import io.gridhub.api.audit.AuditTrail;
import io.gridhub.api.concurrent.Daemons;
import io.gridhub.api.driver.PointWriter;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.openmuc.j60870.ASdu;
import org.openmuc.j60870.ASduType;
import org.openmuc.j60870.CauseOfTransmission;
import org.openmuc.j60870.Connection;
import org.openmuc.j60870.ConnectionEventListener;
import org.openmuc.j60870.Server;
import org.openmuc.j60870.ServerEventListener;
import org.openmuc.j60870.ie.IeDoubleCommand;
import org.openmuc.j60870.ie.IeDoublePointWithQuality;
import org.openmuc.j60870.ie.IeNormalizedValue;
import org.openmuc.j60870.ie.IeQualifierOfInterrogation;
import org.openmuc.j60870.ie.IeQualifierOfSetPointCommand;
import org.openmuc.j60870.ie.IeQuality;
import org.openmuc.j60870.ie.IeScaledValue;
import org.openmuc.j60870.ie.IeShortFloat;
import org.openmuc.j60870.ie.IeSingleCommand;
import org.openmuc.j60870.ie.IeSinglePointWithQuality;
import org.openmuc.j60870.ie.IeTime56;
import org.openmuc.j60870.ie.InformationElement;
import org.openmuc.j60870.ie.InformationObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub as an IEC 104 outstation on j60870's server side. Per master connection one sender thread sends
 * everything (interrogation answers, command confirmations, spontaneous data), never j60870's reader thread: a
 * full send window waits for acknowledgements that only the reader thread can take in.
 */
public final class Outstation implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Outstation.class);
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");
    private static final int QOI_STATION = 20;

    /**
     * @param allowedMasters  IP addresses that may connect (empty: any)
     * @param commandMasters  IP addresses whose commands are executed (empty: none)
     * @param maxPerAsdu      most information objects per ASDU (j60870 takes at most 16 with CP56 time tags)
     * @param writeTimeoutMillis how long a command's write may take to reach the device before ACT_CON negative
     * @param maxConnections  most connections open at once, masters or not: one beyond is closed at once
     * @param startDtTimeoutMillis how long a connection may stay open without STARTDT before it is closed
     */
    public record Config(
            String bindAddress,
            int port,
            int commonAddress,
            Set<String> allowedMasters,
            Set<String> commandMasters,
            double deadband,
            int k,
            int w,
            int t1,
            int t2,
            int t3,
            int maxConnections,
            int maxPerAsdu,
            int writeTimeoutMillis,
            int selectTimeoutMillis,
            int startDtTimeoutMillis) {
        /** Loopback unless an address is given: a SCADA link is opened on purpose, not by default. */
        public static final String LOOPBACK = "127.0.0.1";

        public static final int DEFAULT_SELECT_TIMEOUT_MILLIS = 10_000;
        /** t1's default (IEC 60870-5-104 §9.6): a master has that long to send STARTDT after connecting. */
        public static final int DEFAULT_STARTDT_TIMEOUT_MILLIS = 15_000;

        public Config {
            bindAddress = bindAddress == null || bindAddress.isBlank() ? LOOPBACK : bindAddress.trim();
            if (selectTimeoutMillis < 1) {
                throw new IllegalArgumentException("selectTimeoutMillis must be ≥ 1, got " + selectTimeoutMillis);
            }
            if (startDtTimeoutMillis < 1) {
                throw new IllegalArgumentException("startDtTimeoutMillis must be ≥ 1, got " + startDtTimeoutMillis);
            }
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be ≥ 1, got " + maxConnections);
            }
        }

        /** Every setting at its default until set: the outstation on loopback, port 2404, any master. */
        public static Builder builder() {
            return new Builder();
        }

        /**
         * Builds a {@link Config}; unset settings keep the defaults of the component's configuration, except that any
         * master may connect and none may command.
         */
        public static final class Builder {
            private String bindAddress = LOOPBACK;
            private int port = 2404;
            private int commonAddress = 1;
            private Set<String> allowedMasters = Set.of();
            private Set<String> commandMasters = Set.of();
            private double deadband;
            private int k = 12;
            private int w = 8;
            private int t1 = 15_000;
            private int t2 = 10_000;
            private int t3 = 20_000;
            private int maxConnections = 4;
            private int writeTimeoutMillis = 10_000;
            private int selectTimeoutMillis = DEFAULT_SELECT_TIMEOUT_MILLIS;
            private int startDtTimeoutMillis = DEFAULT_STARTDT_TIMEOUT_MILLIS;

            private Builder() {}

            /** Where it listens; null or blank: loopback. */
            public Builder listen(String bindAddress, int port) {
                this.bindAddress = bindAddress;
                this.port = port;
                return this;
            }

            public Builder commonAddress(int commonAddress) {
                this.commonAddress = commonAddress;
                return this;
            }

            /** Who may connect (empty: any) and whose commands are executed (empty: none). */
            public Builder masters(Set<String> allowed, Set<String> commanding) {
                this.allowedMasters = allowed;
                this.commandMasters = commanding;
                return this;
            }

            public Builder deadband(double deadband) {
                this.deadband = deadband;
                return this;
            }

            /** The send window k and the acknowledge window w. */
            public Builder window(int k, int w) {
                this.k = k;
                this.w = w;
                return this;
            }

            /** The timeouts t1, t2 and t3, ms. */
            public Builder timeouts(int t1, int t2, int t3) {
                this.t1 = t1;
                this.t2 = t2;
                this.t3 = t3;
                return this;
            }

            public Builder maxConnections(int maxConnections) {
                this.maxConnections = maxConnections;
                return this;
            }

            public Builder writeTimeoutMillis(int writeTimeoutMillis) {
                this.writeTimeoutMillis = writeTimeoutMillis;
                return this;
            }

            public Builder selectTimeoutMillis(int selectTimeoutMillis) {
                this.selectTimeoutMillis = selectTimeoutMillis;
                return this;
            }

            public Builder startDtTimeoutMillis(int startDtTimeoutMillis) {
                this.startDtTimeoutMillis = startDtTimeoutMillis;
                return this;
            }

            public Config build() {
                return new Config(
                        bindAddress,
                        port,
                        commonAddress,
                        allowedMasters,
                        commandMasters,
                        deadband,
                        k,
                        w,
                        t1,
                        t2,
                        t3,
                        maxConnections,
                        16, // j60870 takes at most 16 objects with CP56 time tags in one ASDU
                        writeTimeoutMillis,
                        selectTimeoutMillis,
                        startDtTimeoutMillis);
            }
        }
    }

    /** The audit trail's channel for this outstation's commands. */
    static final String CHANNEL = "iec104";

    private final Config config;
    private final IoaMap map;
    private final Map<PointId, List<IoaMap.Entry>> byPoint;
    private final Map<Integer, IoaMap.Entry> commands;
    private final Function<PointId, Optional<Sample>> latest;
    private final Supplier<PointWriter> writer;
    private final Consumer<String> audit;
    private final Supplier<AuditTrail> trail;
    private final Clock clock;
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    /** Last value and quality sent spontaneously per IOA, for the deadband. */
    private final Map<Integer, Sample> lastSent = new ConcurrentHashMap<>();

    private final AtomicLong sentObjects = new AtomicLong();
    private final AtomicLong startDtTimeouts = new AtomicLong();
    private Server server;
    private final HeldSockets sockets;
    /** Closes the connections that have not sent STARTDT in time: one thread for all of them. */
    private ScheduledThreadPoolExecutor timer;

    /**
     * @param writer the driver host's writer while there is one (null otherwise): commands are written through it to
     *               the device that maps the entry's point
     * @param audit  one line per command: master, originator address, type, IOA, value, outcome
     * @param trail  the hub's audit trail while there is one (null otherwise): every command is an entry, and a
     *               select or execute it does not record (or no trail) is refused
     */
    public Outstation(
            Config config,
            IoaMap map,
            Function<PointId, Optional<Sample>> latest,
            Supplier<PointWriter> writer,
            Consumer<String> audit,
            Supplier<AuditTrail> trail,
            Clock clock) {
        this.config = config;
        this.map = map;
        this.byPoint = map.byPoint();
        this.commands = map.commands();
        this.latest = latest;
        this.writer = writer;
        this.audit = audit;
        this.trail = trail;
        this.clock = clock;
        this.sockets = new HeldSockets(config.maxConnections());
    }

    public synchronized void start() throws IOException {
        timer = new ScheduledThreadPoolExecutor(1, Daemons.threads("iec104-outstation-startdt"));
        timer.setRemoveOnCancelPolicy(true);
        Server.Builder b = Server.builder()
                .setPort(config.port())
                // HeldSockets keeps the cap, before j60870 builds a connection, and logs whom it refuses.
                .setMaxConnections(Integer.MAX_VALUE)
                .setMaxNumOfOutstandingIPdus(config.k())
                .setMaxUnconfirmedIPdusReceived(config.w())
                .setMaxTimeNoAckReceived(config.t1())
                .setMaxTimeNoAckSent(config.t2())
                .setMaxIdleTime(config.t3())
                .setSocketFactory(sockets);
        b.setBindAddr(InetAddress.getByName(config.bindAddress()));
        if (!config.allowedMasters().isEmpty()) {
            b.setAllowedClients(List.copyOf(config.allowedMasters()));
        }
        server = b.build();
        server.start(new ServerEventListener() {
            @Override
            public void connectionIndication(Connection c) {
                accept(c);
            }

            @Override
            public void serverStoppedListeningIndication(IOException e) {
                // Only when its server socket fails: stop() closes it without this call.
                LOG.warn("IEC 104 outstation stopped listening: {}", e.toString());
            }

            @Override
            public void connectionAttemptFailed(IOException e) {
                LOG.debug("iec104 connection attempt failed", e);
            }
        });
    }

    /** The points the outstation reports, for a bus subscription's filter. */
    public Set<PointId> points() {
        return byPoint.keySet();
    }

    public int connections() {
        return (int) sessions.stream().filter(s -> s.started).count();
    }

    /** Connections handed over by j60870 and not closed yet, with or without STARTDT. */
    public int sessions() {
        return sessions.size();
    }

    /** Sockets accepted and not closed yet (a connection j60870 is still building included). */
    public int openSockets() {
        return sockets.open();
    }

    /** Connections refused because {@code maxConnections} were open. */
    public long refusedConnections() {
        return sockets.refused();
    }

    /** Connections closed because they sent no STARTDT within {@code startDtTimeoutMillis}. */
    public long startDtTimeouts() {
        return startDtTimeouts.get();
    }

    /** Information objects sent spontaneously so far. */
    public long sentObjects() {
        return sentObjects.get();
    }

    /** New samples from the bus: changes beyond the deadband go to every started connection. */
    public void onSamples(List<Sample> samples) {
        List<Change> changes = new ArrayList<>();
        for (Sample s : samples) {
            List<IoaMap.Entry> entries = byPoint.get(s.point());
            if (entries == null) {
                continue;
            }
            for (IoaMap.Entry e : entries) {
                Sample last = lastSent.get(e.ioa());
                double band = Double.isNaN(e.deadband()) ? config.deadband() : e.deadband();
                if (last != null && last.quality().equals(s.quality()) && unchanged(last.value(), s.value(), band)) {
                    continue;
                }
                lastSent.put(e.ioa(), s);
                changes.add(new Change(e, s));
            }
        }
        if (!changes.isEmpty()) {
            for (Session session : sessions) {
                session.spontaneous(changes);
            }
        }
    }

    /** Within the deadband; two non-numbers (invalid values) count as unchanged. */
    private static boolean unchanged(double last, double now, double band) {
        if (Double.isNaN(last) || Double.isNaN(now)) {
            return Double.isNaN(last) && Double.isNaN(now);
        }
        return now == last || Math.abs(now - last) <= band;
    }

    private record Change(IoaMap.Entry entry, Sample sample) {}

    private synchronized void accept(Connection c) {
        String remote = host(c.getRemoteSocketAddress());
        if (server == null) {
            c.close(); // handed over while the outstation closes
            return;
        }
        if (!config.allowedMasters().isEmpty() && !config.allowedMasters().contains(remote)) {
            // j60870 checks too; this keeps the rule if its check ever differs (e.g. IPv6 forms).
            audit.accept("iec104 connection from " + remote + " refused: not an allowed master");
            c.close();
            return;
        }
        Session s = new Session(c, remote);
        sessions.add(s);
        // The session learns of STARTDT from j60870's reader (dataTransferStateChanged) and only then starts its
        // sender thread: a connection that never sends STARTDT holds no thread of ours, and is closed by the timer.
        // Set the listener before the master's bytes are let in (HeldSockets says why), so that the STARTDT and the
        // first ASDU find it.
        c.setConnectionListener(s);
        s.deadline = timer.schedule(s::startDtTimedOut, config.startDtTimeoutMillis(), TimeUnit.MILLISECONDS);
        sockets.release(c.getRemoteSocketAddress());
        LOG.debug("iec104 master {} connected", remote);
    }

    private static String host(SocketAddress a) {
        return a instanceof InetSocketAddress i ? i.getAddress().getHostAddress() : String.valueOf(a);
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop();
            server = null;
        }
        sessions.forEach(Session::close);
        sessions.clear();
        // A socket accepted while the server stopped, before j60870 handed it over.
        sockets.closeAll();
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    /** One master connection and its sender thread. */
    private final class Session implements ConnectionEventListener {
        private final Connection c;
        private final String remote;
        private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
        /** Spontaneous changes not sent yet, the latest per IOA (a slow master gets the newest values). */
        private final Map<Integer, Change> pending = new LinkedHashMap<>();
        /** Selections (select-before-operate) by IOA: the value and when it was selected. */
        private final Map<Integer, Selection> selected = new HashMap<>();

        private volatile boolean started;
        private volatile boolean closed;
        /** Set by the first STARTDT or by the STARTDT timeout, whichever comes first. */
        private final AtomicBoolean decided = new AtomicBoolean();
        /** The STARTDT timeout's task, cancelled once the session starts or closes. */
        private volatile Future<?> deadline;

        Session(Connection c, String remote) {
            this.c = c;
            this.remote = remote;
        }

        /** On j60870's reader thread, right after it confirmed STARTDT: the sender thread starts. */
        private void startDt() {
            if (closed || !decided.compareAndSet(false, true)) {
                return;
            }
            cancelDeadline();
            started = true;
            Daemons.thread("iec104-outstation-" + remote, this::run).start();
        }

        private void startDtTimedOut() {
            if (closed || !decided.compareAndSet(false, true)) {
                return;
            }
            startDtTimeouts.incrementAndGet();
            LOG.info(
                    "iec104 connection from {} closed: no STARTDT within {} ms", remote, config.startDtTimeoutMillis());
            close();
        }

        private void cancelDeadline() {
            Future<?> f = deadline;
            if (f != null) {
                f.cancel(false);
            }
        }

        private void run() {
            try {
                while (!closed) {
                    Runnable r = tasks.poll(50, TimeUnit.MILLISECONDS);
                    if (r != null) {
                        r.run();
                    }
                    flush();
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("iec104 master {}: connection ends", remote, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                close();
            }
        }

        void spontaneous(List<Change> changes) {
            if (!started || closed || c.isStopped()) {
                return;
            }
            synchronized (pending) {
                boolean wake = pending.isEmpty();
                changes.forEach(ch -> pending.put(ch.entry().ioa(), ch));
                if (wake) {
                    tasks.offer(() -> {});
                }
            }
        }

        private void flush() throws IOException {
            List<Change> batch;
            synchronized (pending) {
                if (pending.isEmpty()) {
                    return;
                }
                batch = new ArrayList<>(pending.values());
                pending.clear();
            }
            sendObjects(batch, CauseOfTransmission.SPONTANEOUS, true);
            sentObjects.addAndGet(batch.size());
        }

        /** Groups the objects by ASDU type, at most {@code maxPerAsdu} per ASDU. */
        private void sendObjects(List<Change> objects, CauseOfTransmission cot, boolean timeTag) throws IOException {
            Map<ASduType, List<InformationObject>> byType = new LinkedHashMap<>();
            for (Change ch : objects) {
                byType.computeIfAbsent(asduType(ch.entry().type(), timeTag), t -> new ArrayList<>())
                        .add(object(ch.entry(), ch.sample(), timeTag));
            }
            for (Map.Entry<ASduType, List<InformationObject>> e : byType.entrySet()) {
                List<InformationObject> list = e.getValue();
                for (int i = 0; i < list.size(); i += config.maxPerAsdu()) {
                    List<InformationObject> part = list.subList(i, Math.min(list.size(), i + config.maxPerAsdu()));
                    send(new ASdu(
                            e.getKey(),
                            false,
                            cot,
                            false,
                            false,
                            0,
                            config.commonAddress(),
                            part.toArray(new InformationObject[0])));
                }
            }
        }

        /**
         * Sends when the window has room: j60870's own send blocks (and prints to stdout) while k APDUs are
         * unacknowledged, so wait here, up to t1, for the master's acknowledgement.
         */
        private void send(ASdu asdu) throws IOException {
            long deadline = System.nanoTime() + config.t1() * 1_000_000L;
            while (c.getNumUnconfirmedAPdusSent() >= config.k()) {
                if (closed || c.isClosed()) {
                    throw new IOException("closed");
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("no acknowledgement within t1");
                }
                LockSupport.parkNanos(100_000);
            }
            c.send(asdu);
        }

        @Override
        public void newASdu(ASdu a) {
            // On j60870's reader thread: hand over to the sender thread.
            tasks.offer(() -> {
                try {
                    handle(a);
                } catch (IOException e) {
                    close();
                }
            });
        }

        private void handle(ASdu a) throws IOException {
            ASduType t = a.getTypeIdentification();
            if (a.getCommonAddress() != config.commonAddress() && a.getCommonAddress() != 0xFFFF) {
                negative(a, CauseOfTransmission.UNKNOWN_COMMON_ADDRESS_OF_ASDU);
                return;
            }
            switch (t) {
                case C_IC_NA_1 -> interrogation(a);
                case C_CI_NA_1 -> {
                    // No integrated totals are mapped: confirm and terminate.
                    confirm(a, CauseOfTransmission.ACTIVATION_CON, false);
                    confirm(a, CauseOfTransmission.ACTIVATION_TERMINATION, false);
                }
                case C_CS_NA_1, C_TS_NA_1, C_TS_TA_1 ->
                    // The hub keeps its own (NTP) time: acknowledge a clock synchronization without setting it.
                    confirm(a, CauseOfTransmission.ACTIVATION_CON, false);
                case C_SC_NA_1,
                        C_SC_TA_1,
                        C_DC_NA_1,
                        C_DC_TA_1,
                        C_SE_NA_1,
                        C_SE_TA_1,
                        C_SE_NB_1,
                        C_SE_TB_1,
                        C_SE_NC_1,
                        C_SE_TC_1 -> command(a);
                default -> negative(a, CauseOfTransmission.UNKNOWN_TYPE_ID);
            }
        }

        private void interrogation(ASdu a) throws IOException {
            InformationElement qoi = element(a);
            int group = qoi instanceof IeQualifierOfInterrogation q ? q.getValue() : QOI_STATION;
            confirm(a, CauseOfTransmission.ACTIVATION_CON, false);
            if (group == QOI_STATION) {
                Instant now = clock.instant();
                List<Change> all = new ArrayList<>();
                for (IoaMap.Entry e : map.monitored()) {
                    Sample s = latest.apply(e.point())
                            .orElse(new Sample(
                                    e.point(),
                                    0,
                                    Quality.invalid(Quality.Reason.NOT_CONNECTED, "no value yet"),
                                    now,
                                    now));
                    all.add(new Change(e, s));
                }
                sendObjects(all, CauseOfTransmission.INTERROGATED_BY_STATION, false);
            }
            confirm(a, CauseOfTransmission.ACTIVATION_TERMINATION, false);
        }

        private void command(ASdu a) throws IOException {
            InformationObject io = a.getInformationObjects()[0];
            int ioa = io.getInformationObjectAddress();
            InformationElement[] ies = io.getInformationElements()[0];
            CommandValue cv = commandValue(ies);
            int originator = a.getOriginatorAddress() == null ? 0 : a.getOriginatorAddress();
            boolean deactivate = a.getCauseOfTransmission() == CauseOfTransmission.DEACTIVATION;
            String what = "iec104 command from " + remote + " (originator " + originator + ") "
                    + a.getTypeIdentification() + " ioa=" + ioa + " value=" + cv.value()
                    + (cv.select() ? " select" : " execute") + (deactivate ? " deactivate" : "")
                    + (a.isTestFrame() ? " test" : "");
            IoaMap.Entry e = commands.get(ioa);
            Command cmd = new Command(
                    what,
                    remote + " originator " + originator,
                    e == null ? "ioa " + ioa : e.point() + " ioa " + ioa,
                    a.getTypeIdentification() + " value="
                            + cv.value() + (cv.select() ? " select" : " execute") + (deactivate ? " deactivate" : "")
                            + (a.isTestFrame() ? " test" : ""));
            if (e == null) {
                record(cmd, "refused", "unknown ioa");
                negative(a, CauseOfTransmission.UNKNOWN_INFORMATION_OBJECT_ADDRESS);
                return;
            }
            if (!matches(e.type(), a.getTypeIdentification())) {
                record(
                        cmd,
                        "refused",
                        "ioa " + ioa + " takes " + e.type().name().toLowerCase());
                negative(a, CauseOfTransmission.UNKNOWN_TYPE_ID);
                return;
            }
            if (a.isTestFrame()) {
                // IEC 60870-5-101 §7.2.3: an ASDU with the test bit is generated under test conditions and does not
                // control the process. Not executed, nor selected: the negative confirmation mirrors the T bit.
                record(cmd, "test-refused", "test bit set, not executed");
                confirm(
                        a,
                        deactivate ? CauseOfTransmission.DEACTIVATION_CON : CauseOfTransmission.ACTIVATION_CON,
                        true);
                return;
            }
            if (!config.commandMasters().contains(remote)) {
                record(cmd, "refused", "master not authorized for commands");
                confirm(a, CauseOfTransmission.ACTIVATION_CON, true);
                return;
            }
            if (deactivate) {
                selected.remove(ioa);
                record(cmd, "deselected", "selection cancelled");
                confirm(a, CauseOfTransmission.DEACTIVATION_CON, false);
                return;
            }
            if (a.getCauseOfTransmission() != CauseOfTransmission.ACTIVATION) {
                record(cmd, "refused", "cause " + a.getCauseOfTransmission());
                negative(a, CauseOfTransmission.UNKNOWN_CAUSE_OF_TRANSMISSION);
                return;
            }
            if (cv.select()) {
                if (!record(cmd, "selected", "")) {
                    confirm(a, CauseOfTransmission.ACTIVATION_CON, true);
                    return;
                }
                selected.put(ioa, new Selection(cv.value(), clock.instant()));
                confirm(a, CauseOfTransmission.ACTIVATION_CON, false);
                return;
            }
            Selection sel = selected.remove(ioa);
            if (e.sbo() && (sel == null || sel.value() != cv.value())) {
                record(cmd, "refused", "not selected before operate");
                confirm(a, CauseOfTransmission.ACTIVATION_CON, true);
                return;
            }
            if (e.sbo() && clock.instant().isAfter(sel.at().plusMillis(config.selectTimeoutMillis()))) {
                record(
                        cmd,
                        "select-timeout",
                        "select timed out: selected " + sel.at() + ", more than " + config.selectTimeoutMillis()
                                + " ms before the execute");
                confirm(a, CauseOfTransmission.ACTIVATION_CON, true);
                return;
            }
            double value = cv.value() / e.scale();
            PointWriter w = writer.get();
            if (w == null) {
                record(cmd, "failed", e.point() + " = " + value + " not written: no driver host runs");
                confirm(a, CauseOfTransmission.ACTIVATION_CON, true);
                return;
            }
            // On record before anything is written: a command the trail does not take is not executed.
            if (!record(cmd, "requested", e.point() + " = " + value)) {
                confirm(a, CauseOfTransmission.ACTIVATION_CON, true);
                return;
            }
            // The device answers on its own thread: confirm from this session's thread once it has (or has not, in
            // time), so that interrogations and spontaneous data of this master keep flowing meanwhile.
            CompletableFuture<Quality> written;
            try {
                written = w.write(e.point(), value);
            } catch (RuntimeException ex) {
                written = CompletableFuture.failedFuture(ex);
            }
            written.orTimeout(config.writeTimeoutMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((q, ex) -> {
                        // Audited here, so that the result is on record even when the master has gone meanwhile.
                        boolean ok = executed(cmd, e.point(), value, q, ex);
                        tasks.offer(() -> {
                            try {
                                confirm(a, CauseOfTransmission.ACTIVATION_CON, !ok);
                                if (ok) {
                                    confirm(a, CauseOfTransmission.ACTIVATION_TERMINATION, false);
                                }
                            } catch (IOException closed) {
                                close();
                            }
                        });
                    });
        }

        /** Audits a written command; true when the device took the value (ACT_CON, ACT_TERM), else negative. */
        private boolean executed(Command cmd, PointId point, double value, Quality q, Throwable ex) {
            if (ex == null && q.isGood()) {
                record(cmd, "executed", point + " = " + value + " written to its device");
                return true;
            }
            Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
            String why = cause instanceof TimeoutException
                    ? "no answer from the device within " + config.writeTimeoutMillis() + " ms"
                    : cause != null
                            ? cause.toString()
                            : q.status() + " " + q.reason() + (q.detail().isEmpty() ? "" : ": " + q.detail());
            record(cmd, "failed", point + " = " + value + " not written: " + why);
            return false;
        }

        private void confirm(ASdu a, CauseOfTransmission cot, boolean negative) throws IOException {
            send(new ASdu(
                    a.getTypeIdentification(),
                    a.isSequenceOfElements(),
                    cot,
                    a.isTestFrame(),
                    negative,
                    a.getOriginatorAddress() == null ? 0 : a.getOriginatorAddress(),
                    a.getCommonAddress(),
                    a.getInformationObjects()));
        }

        private void negative(ASdu a, CauseOfTransmission cot) throws IOException {
            confirm(a, cot, true);
        }

        @Override
        public void connectionClosed(IOException e) {
            LOG.debug("iec104 master {} disconnected", remote, e);
            close();
        }

        @Override
        public void dataTransferStateChanged(boolean stopped) {
            // STOPDT, and a STARTDT after it, are checked with Connection.isStopped() before each spontaneous batch.
            if (!stopped) {
                startDt();
            }
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            started = false;
            cancelDeadline();
            sessions.remove(this);
            c.close();
            tasks.offer(() -> {});
        }
    }

    private record Selection(double value, Instant at) {}

    /**
     * One command on record: a line on the audit logger ({@code what: outcome, detail}) and an entry in the audit
     * trail (channel iec104, action command).
     */
    private record Command(String what, String actor, String subject, String detail) {}

    /** True when the trail recorded the command; false (refuse what was to follow) when it refused or none runs. */
    private boolean record(Command cmd, String outcome, String reason) {
        String line = reason.isEmpty() ? outcome : outcome + ", " + reason;
        AuditTrail t = trail.get();
        if (t == null) {
            audit.accept(cmd.what() + ": " + line + " (no audit trail runs)");
            return false;
        }
        try {
            t.append(
                    cmd.actor(),
                    CHANNEL,
                    "command",
                    cmd.subject(),
                    outcome,
                    reason.isEmpty() ? cmd.detail() : cmd.detail() + ": " + reason);
            audit.accept(cmd.what() + ": " + line);
            return true;
        } catch (AuditException | RuntimeException e) {
            audit.accept(cmd.what() + ": " + line + " (the audit trail refused the entry: " + e.getMessage() + ")");
            return false;
        }
    }

    private static InformationElement element(ASdu a) {
        InformationObject[] ios = a.getInformationObjects();
        if (ios == null
                || ios.length == 0
                || ios[0].getInformationElements().length == 0
                || ios[0].getInformationElements()[0].length == 0) {
            return null;
        }
        return ios[0].getInformationElements()[0][0];
    }

    private record CommandValue(double value, boolean select) {}

    private static CommandValue commandValue(InformationElement[] ies) {
        double value = Double.NaN;
        boolean select = false;
        for (InformationElement ie : ies) {
            if (ie instanceof IeSingleCommand sc) {
                value = sc.isCommandStateOn() ? 1 : 0;
                select = sc.isSelect();
            } else if (ie instanceof IeDoubleCommand dc) {
                value = dc.getCommandState() == IeDoubleCommand.DoubleCommandState.ON
                        ? 2
                        : dc.getCommandState() == IeDoubleCommand.DoubleCommandState.OFF ? 1 : Double.NaN;
                select = dc.isSelect();
            } else if (ie instanceof IeScaledValue sv) {
                value = sv.getUnnormalizedValue();
            } else if (ie instanceof IeNormalizedValue nv) {
                value = nv.getNormalizedValue();
            } else if (ie instanceof IeShortFloat f) {
                value = f.getValue();
            } else if (ie instanceof IeQualifierOfSetPointCommand q) {
                select = q.isSelect();
            }
        }
        return new CommandValue(value, select);
    }

    private static boolean matches(IoaMap.Type type, ASduType t) {
        return switch (type) {
            case SINGLE -> t == ASduType.C_SC_NA_1 || t == ASduType.C_SC_TA_1;
            case DOUBLE -> t == ASduType.C_DC_NA_1 || t == ASduType.C_DC_TA_1;
            case NORMALIZED -> t == ASduType.C_SE_NA_1 || t == ASduType.C_SE_TA_1;
            case SCALED -> t == ASduType.C_SE_NB_1 || t == ASduType.C_SE_TB_1;
            case FLOAT -> t == ASduType.C_SE_NC_1 || t == ASduType.C_SE_TC_1;
        };
    }

    static ASduType asduType(IoaMap.Type type, boolean timeTag) {
        return switch (type) {
            case SINGLE -> timeTag ? ASduType.M_SP_TB_1 : ASduType.M_SP_NA_1;
            case DOUBLE -> timeTag ? ASduType.M_DP_TB_1 : ASduType.M_DP_NA_1;
            case NORMALIZED -> timeTag ? ASduType.M_ME_TD_1 : ASduType.M_ME_NA_1;
            case SCALED -> timeTag ? ASduType.M_ME_TE_1 : ASduType.M_ME_NB_1;
            case FLOAT -> timeTag ? ASduType.M_ME_TF_1 : ASduType.M_ME_NC_1;
        };
    }

    /** One information object for a sample; the hub's qualities map back onto IV, NT, SB, BL, OV. */
    static InformationObject object(IoaMap.Entry e, Sample s, boolean timeTag) {
        Quality q = s.quality();
        boolean iv = q.status() == Quality.Status.INVALID;
        boolean bl = q.reason() == Quality.Reason.BLOCKED;
        boolean sb = q.reason() == Quality.Reason.SUBSTITUTED;
        boolean ov = q.reason() == Quality.Reason.OVERFLOW || q.reason() == Quality.Reason.OUT_OF_RANGE;
        boolean nt = !q.isGood() && !bl && !sb && !ov;
        double v = Double.isFinite(s.value()) ? s.value() * e.scale() : 0;
        List<InformationElement> ies = new ArrayList<>(3);
        switch (e.type()) {
            case SINGLE -> ies.add(new IeSinglePointWithQuality(v != 0, bl, sb, nt, iv));
            case DOUBLE ->
                ies.add(new IeDoublePointWithQuality(
                        switch ((int) Math.round(v)) {
                            case 1 -> IeDoublePointWithQuality.DoublePointInformation.OFF;
                            case 2 -> IeDoublePointWithQuality.DoublePointInformation.ON;
                            case 3 -> IeDoublePointWithQuality.DoublePointInformation.INDETERMINATE;
                            default -> IeDoublePointWithQuality.DoublePointInformation.INDETERMINATE_OR_INTERMEDIATE;
                        },
                        bl,
                        sb,
                        nt,
                        iv));
            case NORMALIZED -> {
                boolean over = v < -1 || v > 32767.0 / 32768;
                ies.add(new IeNormalizedValue(Math.max(-1, Math.min(32767.0 / 32768, v))));
                ies.add(new IeQuality(ov || over, bl, sb, nt, iv));
            }
            case SCALED -> {
                boolean over = v < Short.MIN_VALUE || v > Short.MAX_VALUE;
                ies.add(new IeScaledValue((int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)))));
                ies.add(new IeQuality(ov || over, bl, sb, nt, iv));
            }
            case FLOAT -> {
                ies.add(new IeShortFloat((float) v));
                ies.add(new IeQuality(ov, bl, sb, nt, iv));
            }
        }
        if (timeTag) {
            ies.add(new IeTime56(s.sourceTime().toEpochMilli(), UTC, false));
        }
        return new InformationObject(e.ioa(), ies.toArray(new InformationElement[0]));
    }
}
