package io.gridhub.driver.iec104.internal;

import io.gridhub.api.driver.Browsable;
import io.gridhub.api.driver.Commandable;
import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.Reading;
import io.gridhub.api.driver.Subscribable;
import io.gridhub.api.driver.Writable;
import io.gridhub.api.model.Quality;
import io.gridhub.driver.iec104.CommandType;
import io.gridhub.driver.iec104.Iec104Address;
import io.gridhub.driver.iec104.Iec104Settings;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.openmuc.j60870.ASdu;
import org.openmuc.j60870.ASduType;
import org.openmuc.j60870.CauseOfTransmission;
import org.openmuc.j60870.ClientConnectionBuilder;
import org.openmuc.j60870.ConnectionEventListener;
import org.openmuc.j60870.ie.IeDoubleCommand;
import org.openmuc.j60870.ie.IeNormalizedValue;
import org.openmuc.j60870.ie.IeQualifierOfCounterInterrogation;
import org.openmuc.j60870.ie.IeQualifierOfInterrogation;
import org.openmuc.j60870.ie.IeQualifierOfSetPointCommand;
import org.openmuc.j60870.ie.IeScaledValue;
import org.openmuc.j60870.ie.IeShortFloat;
import org.openmuc.j60870.ie.IeSingleCommand;
import org.openmuc.j60870.ie.IeTime56;
import org.openmuc.j60870.ie.InformationObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One association with an outstation: STARTDT, then a general and a counter interrogation on connect (and every
 * {@code interrogationSeconds}); every monitored object it reports (interrogated, spontaneous, periodic) is kept as
 * the latest reading of its address and pushed to subscribers. Commands wait for ACT_CON, and for ACT_TERM only where
 * the outstation is configured to send it ({@code waitForTermination}).
 */
public final class Iec104Connection
        implements Connection<Iec104Address>,
                Writable<Iec104Address>,
                Commandable<Iec104Address>,
                Subscribable<Iec104Address>,
                Browsable<Iec104Address> {
    private static final Logger LOG = LoggerFactory.getLogger(Iec104Connection.class);
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");
    /** Station interrogation (QOI 20) and general counter request (RQT 5). */
    private static final int QOI_STATION = 20;

    private static final int RQT_GENERAL = 5;
    private static final ASdu CLOSED =
            new ASdu(ASduType.C_TS_NA_1, false, CauseOfTransmission.ACTIVATION, false, false, 0, 0);

    /** The settings, copied out of the converter proxy once. */
    public record Config(
            String host,
            int port,
            String host2,
            int port2,
            int commonAddress,
            int originatorAddress,
            int k,
            int w,
            int t0,
            int t1,
            int t2,
            int t3,
            int timeoutMillis,
            int interrogationSeconds,
            boolean selectBeforeOperate,
            int selectTimeoutMillis,
            int operateDelayMillis,
            int selectValidMillis,
            boolean waitForTermination,
            int terminationTimeoutMillis,
            boolean clockSync) {
        public static Config of(Iec104Settings s) {
            return new Config(
                    s.host(),
                    s.port(),
                    s.host2(),
                    s.port2(),
                    s.commonAddress(),
                    s.originatorAddress(),
                    s.k(),
                    s.w(),
                    s.t0Millis(),
                    s.t1Millis(),
                    s.t2Millis(),
                    s.t3Millis(),
                    s.timeoutMillis(),
                    s.interrogationSeconds(),
                    s.selectBeforeOperate(),
                    s.selectTimeoutMillis(),
                    s.operateDelayMillis(),
                    s.selectValidMillis(),
                    s.waitForTermination(),
                    s.terminationTimeoutMillis(),
                    s.clockSync());
        }

        /** How long to wait for the ACT_CON of a select. */
        int selectConfirmMillis() {
            return selectTimeoutMillis > 0 ? selectTimeoutMillis : timeoutMillis;
        }
    }

    private record Sub(Set<Integer> ioas, Listener<Iec104Address> listener, Map<Integer, Iec104Address> byIoa) {}

    private final Config config;
    private final DeviceContext context;
    private final String endpoint;
    private final Map<Integer, Reading> latest = new ConcurrentHashMap<>();
    private final List<Sub> subs = new CopyOnWriteArrayList<>();
    /**
     * What came before the first subscription (the interrogation, and the time-tagged events an outstation buffered
     * while the link was down, which it sends right after STARTDT), handed to the first subscriber so that none is
     * lost between connect and subscribe; null once handed over. Changed under earlyLock.
     */
    private volatile List<Early> early = new ArrayList<>();

    private record Early(int ioa, Reading reading) {}

    /** Readings kept for the first subscriber at most; later ones stay only the latest of their address. */
    static final int MAX_EARLY = 100_000;

    private final Object earlyLock = new Object();
    private final LinkedBlockingQueue<ASdu> responses = new LinkedBlockingQueue<>();
    /** How long the first read waits for a counter interrogation the outstation has not even confirmed. */
    private static final long COUNTER_GRACE_NANOS = 1_000_000_000L;

    /** Count down on the end of the first general and the first counter interrogation (or the connection's). */
    private final CountDownLatch generalEnded = new CountDownLatch(1);

    private final CountDownLatch counterEnded = new CountDownLatch(1);

    private final Object commandLock = new Object();
    /** j60870's link (its Connection, written in full beside the driver SPI's {@code Connection}). */
    private volatile org.openmuc.j60870.Connection link; // CHECKSTYLE IGNORE inlineQualifiedName

    private volatile IOException lost;
    private volatile boolean closed;
    /** Whether the outstation answered the general / counter interrogation at all (ACT_CON or otherwise). */
    private volatile boolean generalConfirmed;

    private volatile boolean counterConfirmed;
    /** Whether the outstation answered the clock synchronization (sent again on each interrogation until it has). */
    private volatile boolean clockConfirmed;
    /** Whether {@link #open} has returned this connection to the host (which is then told of a lost link). */
    private volatile boolean handedOut;

    /** The periodic interrogation on the hub's scheduler, if configured. */
    private Future<?> periodic;
    /** Runs when the link is lost (not when we close it): the redundant address is tried first next time. */
    private volatile Runnable onLost = () -> {};

    private Iec104Connection(Config config, DeviceContext context, String endpoint) {
        this.config = config;
        this.context = context;
        this.endpoint = endpoint;
    }

    /**
     * Connects to one of the (up to two) outstation addresses, starting with {@code first} (0: host, 1: host2),
     * then the other.
     *
     * @param next told which address the next connect should start with: the one that worked, and, once that
     *             connection is lost (not closed by us), the other one. So a reconnect after a lost link alternates
     *             instead of waiting on the dead address again.
     */
    public static Iec104Connection open(Config config, DeviceContext context, int first, IntConsumer next)
            throws ConnectionException {
        List<String> failures = new ArrayList<>();
        boolean redundant = config.host2() != null && !config.host2().isBlank();
        ConnectionException last = null;
        for (int n = 0; n < (redundant ? 2 : 1); n++) {
            int i = redundant ? (first + n) % 2 : 0;
            String host = i == 0 ? config.host() : config.host2();
            int port = i == 0 ? config.port() : config.port2();
            try {
                Iec104Connection c = openOne(config, context, host, port, DROPPED_AT_START_RETRIES);
                if (redundant) {
                    next.accept(i);
                    c.onLost = () -> next.accept(1 - i);
                }
                return c;
            } catch (ConnectionException e) {
                last = e;
                failures.add(e.getMessage());
            }
        }
        if (!redundant || last.isConfiguration()) {
            throw last;
        }
        throw new ConnectionException(String.join("; ", failures), last.getCause());
    }

    /**
     * How often to connect again when the outstation drops the link at the first I-frame after STARTDT: with the
     * pauses doubling from 20 ms, the last attempt waits 1.28 s (2.5 s in all), enough for an outstation whose
     * machine is loaded (a loaded {@code mvn verify}, load 40 on 2 cores, dropped a probe after 3 retries of 20–80 ms).
     */
    static final int DROPPED_AT_START_RETRIES = 6;

    /**
     * @param again how often to connect once more when the outstation drops the link at the first I-frame after its
     *              STARTDT confirmation: a j60870 outstation confirms STARTDT before it accepts I-frames, and closes
     *              a connection whose I-frame comes in between. Each attempt leaves it a little time (20 ms,
     *              doubled on each retry made) between the confirmation and the first I-frame.
     */
    private static Iec104Connection openOne(Config config, DeviceContext context, String host, int port, int again)
            throws ConnectionException {
        String endpoint = host + ":" + port;
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw ConnectionException.configuration("unknown outstation host '" + host + "'", e);
        }
        Iec104Connection c = new Iec104Connection(config, context, endpoint);
        try {
            c.link = new ClientConnectionBuilder(address)
                    .setPort(port)
                    .setConnectionTimeout(config.t0())
                    .setMaxNumOfOutstandingIPdus(config.k())
                    .setMaxUnconfirmedIPdusReceived(config.w())
                    .setMaxTimeNoAckReceived(config.t1())
                    .setMaxTimeNoAckSent(config.t2())
                    .setMaxIdleTime(config.t3())
                    .build();
        } catch (IOException e) {
            throw new ConnectionException("cannot connect to outstation " + endpoint + ": " + message(e), e);
        }
        try {
            // Listening before STARTDT: j60870's startDataTransfer sets its listener only after the confirmation,
            // and a link that closes in between (an outstation hanging up right after confirming) would otherwise
            // close without telling anyone why, so the open could not tell a hang-up from garbage.
            Events events = c.new Events();
            c.link.setConnectionListener(events);
            c.link.startDataTransfer(events, config.timeoutMillis());
        } catch (IOException e) {
            c.close();
            throw new ConnectionException("outstation " + endpoint + " did not confirm STARTDT: " + message(e), e);
        }
        // A pause between the STARTDT confirmation and the first I-frame, longer on each retry (see openOne's again).
        try {
            Thread.sleep(20L << (DROPPED_AT_START_RETRIES - again));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            c.start();
        } catch (IOException e) {
            // The outstation hung up (end of stream, or a reset when it closed with our I-frame unread), rather than
            // sending what the link cannot parse: j60870 tells the listener (set before STARTDT) on its reader
            // thread, under the link's lock, before the send could find the link closed. A j60870 outstation hangs
            // up so when the first I-frame comes before it has marked data transfer started, and one was seen in CI
            // to hang up right after its STARTDT confirmation.
            long until = System.nanoTime() + 200_000_000L;
            try {
                while (c.lost == null && c.link.isClosed() && System.nanoTime() < until) {
                    Thread.sleep(5);
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            boolean dropped =
                    c.link.isClosed() && (c.lost instanceof EOFException || c.lost instanceof SocketException);
            IOException why = c.lost != null ? c.lost : e;
            c.close();
            if (again > 0 && dropped) {
                LOG.debug(
                        "{}: {} dropped the link at the first I-frame after STARTDT ({}); connecting again",
                        context.deviceName(),
                        endpoint,
                        message(why));
                return openOne(config, context, host, port, again - 1);
            }
            throw new ConnectionException(
                    "outstation " + endpoint + " confirmed STARTDT, then the first "
                            + "interrogation or clock synchronization failed: " + message(why)
                            + (dropped ? " (dropped " + (DROPPED_AT_START_RETRIES + 1) + " times in a row)" : ""),
                    why);
        }
        LOG.debug("{}: connected to {}", context.deviceName(), endpoint);
        c.handedOut = true;
        return c;
    }

    private void start() throws IOException {
        synchronizeClock();
        interrogate();
        if (config.interrogationSeconds() > 0) {
            Duration every = Duration.ofSeconds(config.interrogationSeconds());
            periodic = context.scheduler().scheduleAtFixedRate(this::interrogateAgain, every, every);
        }
    }

    /** The periodic interrogation (and a clock synchronization the outstation has not confirmed yet). */
    private void interrogateAgain() {
        try {
            if (!clockConfirmed) {
                synchronizeClock();
            }
            interrogate();
        } catch (IOException e) {
            LOG.debug("{}: periodic interrogation failed", context.deviceName(), e);
        }
    }

    /** Sends C_CS_NA_1 with the hub's clock, when configured to. */
    private void synchronizeClock() throws IOException {
        if (config.clockSync()) {
            link.synchronizeClocks(
                    config.commonAddress(), new IeTime56(context.clock().millis(), UTC, false));
        }
    }

    private void interrogate() throws IOException {
        link.interrogation(
                config.commonAddress(), CauseOfTransmission.ACTIVATION, new IeQualifierOfInterrogation(QOI_STATION));
        link.counterInterrogation(
                config.commonAddress(),
                CauseOfTransmission.ACTIVATION,
                new IeQualifierOfCounterInterrogation(RQT_GENERAL, 0));
    }

    /** The outstation address in use, {@code host:port}. */
    String endpoint() {
        return endpoint;
    }

    @Override
    public List<Reading> read(List<Iec104Address> channels) throws ConnectionException {
        checkOpen();
        try {
            // Values come from the first interrogation; later reads never wait. An interrogation the outstation
            // has not confirmed within half a second is asked again (up to three times): some outstations miss an
            // I-frame that arrives right after their STARTDT confirmation. Outstations without counters may ignore
            // the counter interrogation (NeoSCADA's does): unconfirmed a second after the general one ended, it is
            // not waited for.
            long deadline = System.nanoTime() + config.timeoutMillis() * 1_000_000L;
            long counterGrace = 0;
            int resent = 0;
            while (!closed && lost == null) {
                boolean general = generalEnded.getCount() == 0;
                if (general && counterEnded.getCount() == 0) {
                    break;
                }
                long now = System.nanoTime();
                if (general && !counterConfirmed) {
                    counterGrace = counterGrace == 0 ? now + COUNTER_GRACE_NANOS : counterGrace;
                    if (now >= counterGrace) {
                        break;
                    }
                }
                long wait = Math.min(500_000_000L, deadline - now);
                if (counterGrace != 0 && !counterConfirmed) {
                    wait = Math.min(wait, counterGrace - now);
                }
                if (wait <= 0) {
                    break;
                }
                boolean ended = (general ? counterEnded : generalEnded).await(wait, TimeUnit.NANOSECONDS);
                if (!ended && resent++ < 3) {
                    askAgain();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException("interrupted", e);
        }
        checkOpen();
        List<Reading> list = new ArrayList<>(channels.size());
        for (Iec104Address a : channels) {
            Reading r = latest.get(a.ioa());
            list.add(
                    r != null
                            ? r
                            : Reading.failed(Quality.invalid(
                                    Quality.Reason.CONFIGURATION_ERROR,
                                    "ioa " + a.ioa() + " not reported by the outstation")));
        }
        return list;
    }

    /** Sends again what the outstation has not confirmed yet of the first interrogation (and clock sync). */
    private void askAgain() throws ConnectionException {
        try {
            if (!clockConfirmed) {
                synchronizeClock();
            }
            if (!generalConfirmed) {
                link.interrogation(
                        config.commonAddress(),
                        CauseOfTransmission.ACTIVATION,
                        new IeQualifierOfInterrogation(QOI_STATION));
            }
            if (!counterConfirmed) {
                link.counterInterrogation(
                        config.commonAddress(),
                        CauseOfTransmission.ACTIVATION,
                        new IeQualifierOfCounterInterrogation(RQT_GENERAL, 0));
            }
        } catch (IOException e) {
            throw lostWith(e);
        }
    }

    @Override
    public AutoCloseable subscribe(List<Iec104Address> channels, Listener<Iec104Address> listener)
            throws ConnectionException {
        checkOpen();
        Map<Integer, Iec104Address> byIoa = new ConcurrentHashMap<>();
        channels.forEach(a -> byIoa.put(a.ioa(), a));
        Sub sub = new Sub(byIoa.keySet(), listener, byIoa);
        synchronized (earlyLock) {
            subs.add(sub);
            List<Early> before = early;
            early = null;
            if (before != null) {
                before.forEach(e -> tell(sub, e.ioa(), e.reading()));
            }
        }
        return () -> subs.remove(sub);
    }

    private void tell(Sub s, int ioa, Reading reading) {
        Iec104Address a = s.byIoa().get(ioa);
        if (a != null) {
            try {
                s.listener().onReading(a, reading);
            } catch (RuntimeException e) {
                LOG.debug("{}: subscriber failed", context.deviceName(), e);
            }
        }
    }

    @Override
    public List<BrowseEntry<Iec104Address>> browse(int limit) throws ConnectionException {
        read(List.of());
        List<BrowseEntry<Iec104Address>> list = new ArrayList<>();
        for (Map.Entry<Integer, Reading> e : new TreeMap<>(latest).entrySet()) {
            if (list.size() >= limit) {
                break;
            }
            list.add(new BrowseEntry<>(
                    new Iec104Address(e.getKey(), null),
                    "last value " + e.getValue().value()));
        }
        return list;
    }

    @Override
    public Quality write(Iec104Address channel, double value) throws ConnectionException {
        synchronized (commandLock) {
            if (!config.selectBeforeOperate()) {
                return command(channel, value, false, CauseOfTransmission.ACTIVATION);
            }
            Selection s = select(channel, value);
            return s.quality().isGood() ? s.operate() : s.quality();
        }
    }

    @Override
    public Selection select(Iec104Address channel, double value) throws ConnectionException {
        synchronized (commandLock) {
            Quality q = command(channel, value, true, CauseOfTransmission.ACTIVATION);
            if (!q.isGood()) {
                return Selection.refused(q);
            }
            long selected = System.nanoTime();
            return Selection.of(q, () -> operate(channel, value, selected), () -> {
                synchronized (commandLock) {
                    command(channel, value, true, CauseOfTransmission.DEACTIVATION);
                }
            });
        }
    }

    /**
     * Executes a confirmed selection: not sooner than {@code operateDelayMillis} after it, and not at all once it is
     * older than {@code selectValidMillis} (the outstation has dropped it by then; it is deactivated instead).
     */
    private Quality operate(Iec104Address channel, double value, long selectedNanos) throws ConnectionException {
        synchronized (commandLock) {
            long delay = selectedNanos + config.operateDelayMillis() * 1_000_000L - System.nanoTime();
            if (delay > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ConnectionException("interrupted before the execute", e);
                }
            }
            long age = (System.nanoTime() - selectedNanos) / 1_000_000L;
            if (config.selectValidMillis() > 0 && age > config.selectValidMillis()) {
                command(channel, value, true, CauseOfTransmission.DEACTIVATION);
                return Quality.invalid(
                        Quality.Reason.OTHER,
                        "selected " + age + " ms ago, longer than selectValidMillis " + config.selectValidMillis()
                                + ": not executed");
            }
            return command(channel, value, false, CauseOfTransmission.ACTIVATION);
        }
    }

    /** Sends one command and waits for its confirmation (and, for an execute, its termination). */
    private Quality command(Iec104Address a, double value, boolean select, CauseOfTransmission cot)
            throws ConnectionException {
        checkOpen();
        CommandType type = a.commandOrDefault();
        Quality invalid = checkValue(type, value);
        if (invalid != null) {
            return invalid;
        }
        responses.clear();
        ASduType asduType;
        int ca = config.commonAddress();
        int ioa = a.ioa();
        try {
            switch (type) {
                case SINGLE -> {
                    asduType = ASduType.C_SC_NA_1;
                    link.singleCommand(ca, cot, ioa, new IeSingleCommand(value != 0, 0, select));
                }
                case DOUBLE -> {
                    asduType = ASduType.C_DC_NA_1;
                    link.doubleCommand(
                            ca,
                            cot,
                            ioa,
                            new IeDoubleCommand(
                                    value == 2
                                            ? IeDoubleCommand.DoubleCommandState.ON
                                            : IeDoubleCommand.DoubleCommandState.OFF,
                                    0,
                                    select));
                }
                case NORMALIZED -> {
                    asduType = ASduType.C_SE_NA_1;
                    link.setNormalizedValueCommand(
                            ca, cot, ioa, new IeNormalizedValue(value), new IeQualifierOfSetPointCommand(0, select));
                }
                case SCALED -> {
                    asduType = ASduType.C_SE_NB_1;
                    link.setScaledValueCommand(
                            ca,
                            cot,
                            ioa,
                            new IeScaledValue((int) Math.round(value)),
                            new IeQualifierOfSetPointCommand(0, select));
                }
                default -> {
                    asduType = ASduType.C_SE_NC_1;
                    link.setShortFloatCommand(
                            ca, cot, ioa, new IeShortFloat((float) value), new IeQualifierOfSetPointCommand(0, select));
                }
            }
        } catch (IOException e) {
            throw lostWith(e);
        }
        boolean deactivate = cot == CauseOfTransmission.DEACTIVATION;
        int confirmMillis = select && !deactivate ? config.selectConfirmMillis() : config.timeoutMillis();
        ASdu con = await(asduType, ioa, "ACT_CON", confirmMillis);
        if (con == null) {
            return Quality.invalid(
                    Quality.Reason.COMMUNICATION_FAILURE,
                    "no " + (deactivate ? "DEACT_CON" : "ACT_CON") + " within " + confirmMillis + " ms");
        }
        CauseOfTransmission got = con.getCauseOfTransmission();
        if (got != (deactivate ? CauseOfTransmission.DEACTIVATION_CON : CauseOfTransmission.ACTIVATION_CON)) {
            return Quality.invalid(Quality.Reason.CONFIGURATION_ERROR, "outstation answered " + got);
        }
        if (con.isNegativeConfirm()) {
            return Quality.invalid(
                    Quality.Reason.DEVICE_FAILURE,
                    "outstation refused the " + (select ? "select" : "command") + " (negative confirmation)");
        }
        if (select || deactivate || !config.waitForTermination()) {
            return Quality.GOOD;
        }
        ASdu term = await(asduType, ioa, "ACT_TERM", config.terminationTimeoutMillis());
        if (term == null) {
            return Quality.questionable(
                    Quality.Reason.COMMUNICATION_FAILURE,
                    "confirmed, but no ACT_TERM within " + config.terminationTimeoutMillis()
                            + " ms (waitForTermination is set)");
        }
        return Quality.GOOD;
    }

    private static Quality checkValue(CommandType type, double value) {
        boolean ok = switch (type) {
            case SINGLE -> value == 0 || value == 1;
            case DOUBLE -> value == 1 || value == 2;
            case NORMALIZED -> value >= -1 && value <= 1;
            case SCALED -> value >= Short.MIN_VALUE && value <= Short.MAX_VALUE;
            case FLOAT -> Float.isFinite((float) value);
        };
        if (ok) {
            return null;
        }
        String range = switch (type) {
            case SINGLE -> "0 or 1";
            case DOUBLE -> "1 (off) or 2 (on)";
            case NORMALIZED -> "-1..1";
            case SCALED -> "-32768..32767";
            case FLOAT -> "a finite 32-bit float";
        };
        return Quality.invalid(Quality.Reason.OUT_OF_RANGE, type.code() + " command takes " + range + ", got " + value);
    }

    /** The next response to a command of this type and address; null on timeout. */
    private ASdu await(ASduType type, int ioa, String what, int millis) throws ConnectionException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                ASdu a = left <= 0 ? null : responses.poll(left, TimeUnit.NANOSECONDS);
                if (a == null) {
                    return null;
                }
                if (a == CLOSED) {
                    checkOpen();
                }
                InformationObject[] objs = a.getInformationObjects();
                boolean sameIoa = objs != null && objs.length > 0 && objs[0].getInformationObjectAddress() == ioa;
                if (baseType(a.getTypeIdentification()) == type && sameIoa) {
                    // Without waitForTermination an outstation's ACT_TERM may still come, late: it never answers the
                    // next command of the same address.
                    boolean term = a.getCauseOfTransmission() == CauseOfTransmission.ACTIVATION_TERMINATION;
                    if (term == what.equals("ACT_TERM")) {
                        return a;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException("interrupted waiting for " + what, e);
        }
    }

    /** Commands with a time tag answer like their plain form. */
    private static ASduType baseType(ASduType t) {
        return switch (t) {
            case C_SC_TA_1 -> ASduType.C_SC_NA_1;
            case C_DC_TA_1 -> ASduType.C_DC_NA_1;
            case C_SE_TA_1 -> ASduType.C_SE_NA_1;
            case C_SE_TB_1 -> ASduType.C_SE_NB_1;
            case C_SE_TC_1 -> ASduType.C_SE_NC_1;
            default -> t;
        };
    }

    private void checkOpen() throws ConnectionException {
        if (closed) {
            throw new ConnectionException("connection to " + endpoint + " is closed");
        }
        IOException e = lost;
        if (e != null) {
            throw ConnectionException.lost("outstation " + endpoint, e);
        }
    }

    /** The link is gone: remembered for later calls, and told to the hub (which reconnects) unless we closed it. */
    private ConnectionException lostWith(IOException e) {
        if (lost == null) {
            lost = e;
        }
        ConnectionException x = ConnectionException.lost("outstation " + endpoint, lost);
        // Reported only for a connection the host holds: one lost while it opens fails the open instead.
        if (!closed && handedOut) {
            onLost.run();
            context.linkLost(x);
        }
        return x;
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (periodic != null) {
            periodic.cancel(false);
        }
        var l = link;
        if (l != null) {
            l.close();
        }
        responses.offer(CLOSED);
        generalEnded.countDown();
        counterEnded.countDown();
    }

    /** j60870's callbacks, on its one reader thread per connection (so updates keep their order). */
    private final class Events implements ConnectionEventListener {
        @Override
        public void newASdu(ASdu asdu) {
            if (Decoder.isMonitor(asdu)) {
                Instant now = context.clock().instant();
                Decoder.decode(asdu, now, (reading, ioa) -> {
                    latest.put(ioa, reading);
                    if (early != null) {
                        synchronized (earlyLock) {
                            if (early != null) {
                                if (early.size() < MAX_EARLY) {
                                    early.add(new Early(ioa, reading));
                                }
                                return;
                            }
                        }
                    }
                    for (Sub s : subs) {
                        tell(s, ioa, reading);
                    }
                });
                return;
            }
            ASduType t = asdu.getTypeIdentification();
            if (t == ASduType.C_CS_NA_1) {
                clockConfirmed = true;
                return;
            }
            if (t == ASduType.C_IC_NA_1 || t == ASduType.C_CI_NA_1) {
                if (t == ASduType.C_IC_NA_1) {
                    generalConfirmed = true;
                } else {
                    counterConfirmed = true;
                }
                CauseOfTransmission cot = asdu.getCauseOfTransmission();
                if (cot == CauseOfTransmission.ACTIVATION_TERMINATION
                        || asdu.isNegativeConfirm()
                        || cot != CauseOfTransmission.ACTIVATION_CON) {
                    (t == ASduType.C_IC_NA_1 ? generalEnded : counterEnded).countDown();
                }
                return;
            }
            if (t.getId() >= 45 && t.getId() <= 64) {
                responses.offer(asdu);
            }
        }

        @Override
        public void connectionClosed(IOException e) {
            lostWith(e != null ? e : new IOException("closed by the outstation"));
            responses.offer(CLOSED);
            generalEnded.countDown();
            counterEnded.countDown();
        }

        @Override
        public void dataTransferStateChanged(boolean stopped) {
            LOG.debug("{}: data transfer {}", context.deviceName(), stopped ? "stopped" : "started");
        }
    }
}
