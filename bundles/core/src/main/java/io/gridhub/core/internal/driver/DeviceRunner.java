package io.gridhub.core.internal.driver;

import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.concurrent.Daemons;
import io.gridhub.api.driver.Commandable;
import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.DeviceState;
import io.gridhub.api.driver.DeviceStatus;
import io.gridhub.api.driver.Driver;
import io.gridhub.api.driver.Reading;
import io.gridhub.api.driver.Subscribable;
import io.gridhub.api.driver.Writable;
import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.api.ingest.RawIngest;
import io.gridhub.api.ingest.RawReading;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import io.gridhub.core.internal.FailureState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device: its connection, poll groups and status. Every call into the driver runs on the device's own single
 * thread, so a driver never sees two calls at once and a slow device delays nobody else. A call that hangs past
 * the watchdog limit is abandoned: the connection is closed under it, a fresh thread takes over, and whatever the
 * old thread returns later is ignored (the generation check). Readings go to normalization ({@link RawIngest}) as
 * they came, raw: the runner never scales nor publishes a sample of its own, only the device's status point.
 *
 * <p>A connection that pushes ({@link Subscribable}) is subscribed to on connect, unless the device's settings say
 * {@code subscribe = false}: its pushed readings are queued by {@link Pushed} and handed to normalization on the
 * device thread, one cycle per burst; the channels it pushes leave their poll groups and are read together every
 * {@code integrityPollMillis} (and once on connect) as the fallback. What a lost link leaves unread is tracked by
 * {@link Backfill}: readings dated inside the outage (buffered time-tagged events, buffered reports) fill it, and
 * what is still open after {@code backfillWaitMillis} is counted per point and marked as a gap. A runner that
 * resumes after a hub restart (given {@code lastStored}) treats the time from each point's last stored sample to its
 * first connect as such an outage, so the device back-fills what it buffered while the hub was down. Resume points a
 * connection pushes (where a buffered device stands) are kept in {@link ResumePoints} once the readings before them
 * were handed to normalization, and given back to the next connection, also after a restart.
 */
final class DeviceRunner<S, A> {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceRunner.class);

    /** Points read together, with one read call per interval. */
    record Group<A>(String name, long intervalMillis, List<A> channels, List<DeviceMapping.Channel> entries) {}

    /** A mapped point and its parsed address, for writes. */
    record Target<A>(DeviceMapping.Channel channel, A address) {}

    /**
     * How the runner uses a connection that pushes.
     *
     * @param subscribe    whether to subscribe where the connection can push
     * @param integrity    how often pushed channels are read as well (zero: only on connect)
     * @param backfillWait how long after a reconnect readings dated inside the outage may still come
     */
    record PushSettings(boolean subscribe, Duration integrity, Duration backfillWait) {
        static final PushSettings POLL_ONLY = new PushSettings(false, Duration.ZERO, Duration.ofSeconds(10));
    }

    private static final String INTEGRITY_GROUP = "integrity";

    private final String name;
    private final Driver<S, A> driver;
    private final S settings;
    private final List<Group<A>> groups;
    private final Map<PointId, Target<A>> targets;
    private final SampleBus bus;
    private final Supplier<RawIngest> ingest;
    private final Clock clock;
    private final Backoff backoff;
    private final long watchdogNanos;
    private final PointId statusPoint;
    private final PushSettings push;
    /** The source time of a point's last stored sample, for the back-fill after a hub restart; null: none. */
    private final Function<PointId, Optional<Instant>> lastStored;
    /** Where the device's pushed data stood when it was last handed on, across connections and restarts. */
    private final ResumePoints resume;

    private final Map<DeviceMapping.Channel, Long> intervals = new LinkedHashMap<>();
    private final Backfill backfill = new Backfill();
    /** Pushed readings that did not fit in the queue, per channel, until the next cycle marks them. */
    private final Map<DeviceMapping.Channel, Long> dropped = new LinkedHashMap<>();

    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final RateMeter rate;
    private volatile double lastReadMillis;

    // Guarded by this.
    private DeviceState state = DeviceState.OFFLINE;
    private String reason = "connecting";
    private Instant since;
    private ScheduledExecutorService executor;
    private int generation;
    private boolean everConnected;
    private boolean stopped;

    /** Written on the device thread; read and cleared by the watchdog when it abandons a hung call. */
    private volatile Connection<A> connection;

    /** The context handed to the driver with the connection (its timed work, its lost link). */
    private volatile ConnectionContext context;

    /** The connection's subscription, null when it pushes nothing (or is not subscribed). */
    private volatile Pushed<A> pushed;

    /** Per group, the part that is polled while the connection pushes the rest; null: everything is polled. */
    private volatile Map<Group<A>, Group<A>> polled;

    private volatile long callStartNanos;
    /** Set while normalization refuses cycles (or is gone): one warning when it starts, one line when it ends. */
    private final FailureState ingestState = new FailureState();

    /**
     * @param bus    for the device's status point only
     * @param ingest normalization, which owns the device's mapping: every cycle goes there, raw
     * @param lastStored the source time of a point's last stored sample when the device resumes after a hub
     *                   restart (its first connect back-fills from there); null when it does not
     * @param resume     the device's resume points (kept by the host across the device's configurations)
     */
    DeviceRunner(
            String name,
            Driver<S, A> driver,
            S settings,
            List<Group<A>> groups,
            Map<PointId, Target<A>> targets,
            SampleBus bus,
            Supplier<RawIngest> ingest,
            Clock clock,
            Backoff backoff,
            Duration watchdog,
            PushSettings push,
            Function<PointId, Optional<Instant>> lastStored,
            ResumePoints resume) {
        this.name = name;
        this.driver = driver;
        this.settings = settings;
        this.groups = List.copyOf(groups);
        this.targets = Map.copyOf(targets);
        this.bus = bus;
        this.ingest = ingest;
        this.clock = clock;
        this.backoff = backoff;
        this.watchdogNanos = watchdog.toNanos();
        this.statusPoint = statusPoint(name);
        this.rate = new RateMeter(clock);
        this.since = clock.instant();
        this.push = push;
        this.lastStored = lastStored;
        this.resume = resume;
        for (Group<A> g : this.groups) {
            g.entries().forEach(e -> intervals.put(e, g.intervalMillis()));
        }
    }

    static PointId statusPoint(String device) {
        return PointId.of("device." + device + ".status");
    }

    String name() {
        return name;
    }

    Driver<S, A> driver() {
        return driver;
    }

    boolean has(PointId point) {
        return targets.containsKey(point);
    }

    synchronized void start() {
        publishStatus();
        startGeneration(Duration.ZERO);
    }

    private void startGeneration(Duration connectDelay) {
        int gen = ++generation;
        ScheduledExecutorService ex = Daemons.scheduler("gridhub-device-" + name + "-" + gen);
        executor = ex;
        ex.schedule(() -> connect(gen), connectDelay.toMillis(), TimeUnit.MILLISECONDS);
        for (Group<A> g : groups) {
            ex.scheduleAtFixedRate(() -> poll(gen, g), g.intervalMillis(), g.intervalMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private synchronized boolean current(int gen) {
        return gen == generation && !stopped;
    }

    private void connect(int gen) {
        if (!current(gen) || connection != null) {
            return;
        }
        callStartNanos = System.nanoTime();
        // Readings the device took during the outage are dated before this (those of the connect itself are not).
        Instant connecting = clock.instant();
        // Read before this connect's readings are stored: where the store ends, the outage of a restart begins.
        Map<PointId, Instant> resumeFrom = everConnected() || lastStored == null ? Map.of() : lastStored();
        ConnectionContext ctx = new ConnectionContext(
                name,
                clock,
                executor(),
                backfillFrom(resumeFrom),
                (lostCtx, cause) -> {
                    Connection<A> c = connection;
                    if (c != null && context == lostCtx) {
                        lost(gen, c, message(cause));
                    }
                },
                resume::get);
        try {
            Connection<A> c = driver.connect(settings, ctx);
            synchronized (this) {
                if (!current(gen)) {
                    c.close();
                    return;
                }
                connection = c;
                context = ctx;
                if (everConnected) {
                    reconnects.incrementAndGet();
                } else {
                    backfill.resume(resumeFrom);
                }
                everConnected = true;
                backoff.reset();
                setState(DeviceState.ONLINE, "");
            }
            Set<DeviceMapping.Channel> pushes = subscribe(gen, c, ctx);
            if (pushes == null) {
                return;
            }
            // A pushed channel misses whatever changed during any outage; a polled one only what its reads would
            // have taken.
            Map<DeviceMapping.Channel, Long> readEvery = new LinkedHashMap<>(intervals);
            pushes.forEach(p -> readEvery.put(p, 0L));
            boolean gaps = backfill.reconnected(connecting, readEvery);
            // Everything once, pushed or not: the current values (for IEC 104 the interrogation's).
            for (Group<A> g : groups) {
                executor().execute(() -> read(gen, g));
            }
            if (gaps) {
                ctx.schedule(() -> settleGaps(gen), push.backfillWait());
            }
        } catch (ConnectionException e) {
            if (e.isConfiguration()) {
                synchronized (this) {
                    if (current(gen)) {
                        setState(DeviceState.CONFIG_ERROR, message(e));
                    }
                }
            } else {
                retry(gen, message(e));
            }
        } catch (RuntimeException e) {
            retry(gen, "driver " + driver.id() + " failed to connect: " + e);
        } finally {
            callStartNanos = 0;
            if (context != ctx) {
                ctx.close();
            }
        }
    }

    private synchronized boolean everConnected() {
        return everConnected;
    }

    /** Each mapped point's last stored sample time, where the store has one (a failing lookup: none). */
    private Map<PointId, Instant> lastStored() {
        Map<PointId, Instant> out = new LinkedHashMap<>();
        for (Group<A> g : groups) {
            for (DeviceMapping.Channel e : g.entries()) {
                try {
                    lastStored.apply(e.point()).ifPresent(t -> out.putIfAbsent(e.point(), t));
                } catch (RuntimeException ex) {
                    LOG.debug("device {}: no last stored time of {}: {}", name, e.point(), ex.toString());
                }
            }
        }
        return out;
    }

    /**
     * Per channel (the driver's canonical address), where the data the coming connect ends the outage of is missing
     * from, as {@link Backfill} counts it: after a hub restart just after the point's last stored sample, else where
     * the link was lost; nothing when the link was not lost.
     */
    private Map<String, Instant> backfillFrom(Map<PointId, Instant> resumeFrom) {
        Instant lostAt = backfill.lostAt();
        Map<String, Instant> out = new LinkedHashMap<>();
        for (Group<A> g : groups) {
            for (int i = 0; i < g.channels().size(); i++) {
                Instant stored = resumeFrom.get(g.entries().get(i).point());
                Instant from = stored != null ? stored.plusMillis(1) : lostAt;
                if (from != null) {
                    try {
                        out.putIfAbsent(driver.format(g.channels().get(i)), from);
                    } catch (RuntimeException e) {
                        LOG.debug(
                                "device {}: driver {} cannot format {}: {}",
                                name,
                                driver.id(),
                                g.channels().get(i),
                                e.toString());
                    }
                }
            }
        }
        return out;
    }

    private void retry(int gen, String why) {
        synchronized (this) {
            if (!current(gen)) {
                return;
            }
            setState(DeviceState.OFFLINE, why);
            Duration delay = backoff.next();
            executor.schedule(() -> connect(gen), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private synchronized ScheduledExecutorService executor() {
        return executor;
    }

    /**
     * Subscribes where the connection pushes and the settings allow: the pushed channels leave their poll groups
     * and are read every {@code integrity}. Returns the channels pushed; null when the connection was lost doing so.
     */
    @SuppressWarnings("unchecked")
    private Set<DeviceMapping.Channel> subscribe(int gen, Connection<A> c, ConnectionContext ctx) {
        polled = null;
        pushed = null;
        if (!push.subscribe() || !(c instanceof Subscribable<?>)) {
            return Set.of();
        }
        Map<A, DeviceMapping.Channel> byAddress = new LinkedHashMap<>();
        for (Group<A> g : groups) {
            byAddress.putAll(Pushed.byAddress(g.channels(), g.entries()));
        }
        Pushed<A> p = new Pushed<>(byAddress, clock, () -> drainSoon(gen), this::drop);
        Set<A> notPushed;
        callStartNanos = System.nanoTime();
        try {
            notPushed = p.subscribe((Subscribable<A>) c);
        } catch (ConnectionException e) {
            p.close();
            lost(gen, c, message(e));
            return null;
        } catch (Exception e) {
            // A driver bug in subscribe: the device is polled as before, and says why once.
            p.close();
            LOG.warn("device {}: subscribing failed, every channel is polled: {}", name, e.toString());
            return Set.of();
        } finally {
            callStartNanos = 0;
        }
        Map<Group<A>, Group<A>> parts = new LinkedHashMap<>();
        List<A> integrityChannels = new ArrayList<>();
        List<DeviceMapping.Channel> integrityEntries = new ArrayList<>();
        for (Group<A> g : groups) {
            List<A> channels = new ArrayList<>();
            List<DeviceMapping.Channel> entries = new ArrayList<>();
            for (int i = 0; i < g.channels().size(); i++) {
                boolean poll = notPushed.contains(g.channels().get(i));
                (poll ? channels : integrityChannels).add(g.channels().get(i));
                (poll ? entries : integrityEntries).add(g.entries().get(i));
            }
            parts.put(g, new Group<>(g.name(), g.intervalMillis(), channels, entries));
        }
        pushed = p;
        polled = parts;
        if (!integrityChannels.isEmpty() && !push.integrity().isZero()) {
            Group<A> integrity =
                    new Group<>(INTEGRITY_GROUP, push.integrity().toMillis(), integrityChannels, integrityEntries);
            ctx.scheduleAtFixedRate(() -> read(gen, integrity), push.integrity(), push.integrity());
        }
        LOG.debug("device {}: {} channels pushed, {} polled", name, integrityChannels.size(), notPushed.size());
        return Set.copyOf(integrityEntries);
    }

    private void drainSoon(int gen) {
        try {
            executor().execute(() -> drain(gen));
        } catch (RejectedExecutionException e) {
            // The device thread was abandoned or stopped, and the subscription with it.
        }
    }

    private synchronized void drop(DeviceMapping.Channel channel) {
        dropped.merge(channel, 1L, Long::sum);
    }

    /**
     * Hands what the connection pushed since the last drain to normalization, as one cycle; then keeps the resume
     * points that came with its readings.
     */
    private void drain(int gen) {
        Pushed<A> p = pushed;
        if (p == null || !current(gen)) {
            return;
        }
        List<Pushed.Entry> drained = p.drain();
        List<DeviceMapping.Channel> entries = new ArrayList<>(drained.size());
        List<Reading> readings = new ArrayList<>(drained.size());
        Map<String, String> resumeAt = new LinkedHashMap<>();
        for (Pushed.Entry e : drained) {
            if (e instanceof Pushed.Item i) {
                Reading r = i.reading();
                if (!r.quality().isGood()) {
                    errors.incrementAndGet();
                }
                backfill.seen(i.channel(), r.sourceTime(), r.quality());
                entries.add(i.channel());
                readings.add(r.sourceTime() == null ? new Reading(r.value(), r.quality(), i.received()) : r);
            } else if (e instanceof Pushed.Resume r) {
                resumeAt.put(r.key(), r.value());
            }
        }
        Instant now = clock.instant();
        synchronized (this) {
            dropped.forEach((c, n) -> {
                backfill.count(c.point(), n);
                entries.add(c);
                readings.add(Reading.failed(Quality.invalid(
                        Quality.Reason.OVERFLOW,
                        "gap: " + n + " pushed readings dropped (the device thread fell " + Pushed.MAX_QUEUED
                                + " readings behind)")));
            });
            dropped.clear();
        }
        if (!entries.isEmpty() && !deliver(entries, readings, now)) {
            // A resume point never passes a reading that was not handed on: none of this connection is kept now,
            // so that after a restart the device sends again what normalization did not take.
            p.holdResumePoints();
        }
        if (!resumeAt.isEmpty() && !p.resumePointsHeld()) {
            resume.keep(resumeAt, executor());
        }
    }

    /** The back-fill after a reconnect had its time: what is still missing is a gap of its point, marked once. */
    private void settleGaps(int gen) {
        List<Backfill.Gap> gaps = backfill.settle();
        if (gaps.isEmpty() || !current(gen)) {
            return;
        }
        Backfill.Gap first = gaps.get(0);
        LOG.warn(
                "device {}: {} points not back-filled for the outage from {} to {}; counted as gaps",
                name,
                gaps.size(),
                first.from(),
                first.to());
        List<DeviceMapping.Channel> entries = new ArrayList<>(gaps.size());
        List<Reading> readings = new ArrayList<>(gaps.size());
        for (Backfill.Gap g : gaps) {
            entries.add(g.channel());
            readings.add(new Reading(
                    Double.NaN,
                    Quality.invalid(
                            Quality.Reason.COMMUNICATION_FAILURE,
                            "gap: no values from " + g.from() + " to " + g.to() + " could be back-filled"),
                    g.from()));
        }
        deliver(entries, readings, clock.instant());
    }

    /** Gaps per point: outages nothing back-filled, pushed readings dropped. */
    Map<PointId, Long> gaps() {
        return backfill.gaps();
    }

    /** One scheduled poll of a group: the part of it the connection does not push. */
    private int poll(int gen, Group<A> g) {
        Map<Group<A>, Group<A>> parts = polled;
        Group<A> part = parts == null ? g : parts.getOrDefault(g, g);
        return part.channels().isEmpty() ? 0 : read(gen, part);
    }

    /** One read of the channels of {@code g}; returns the readings handed on (0 when not connected). */
    private int read(int gen, Group<A> g) {
        Connection<A> c = connection;
        if (c == null || !current(gen)) {
            return 0;
        }
        long t0 = System.nanoTime();
        callStartNanos = t0;
        try {
            List<Reading> readings = c.read(g.channels());
            if (!current(gen)) {
                return 0;
            }
            if (readings.size() != g.channels().size()) {
                throw new IllegalStateException("driver " + driver.id() + " returned " + readings.size()
                        + " readings for " + g.channels().size() + " channels");
            }
            lastReadMillis = (System.nanoTime() - t0) / 1e6;
            reads.incrementAndGet();
            rate.mark();
            for (int i = 0; i < readings.size(); i++) {
                Reading r = readings.get(i);
                if (!r.quality().isGood()) {
                    errors.incrementAndGet();
                }
                backfill.seen(g.entries().get(i), r.sourceTime(), r.quality());
            }
            deliver(g.entries(), readings, clock.instant());
            return readings.size();
        } catch (ConnectionException e) {
            errors.incrementAndGet();
            lost(gen, c, message(e));
        } catch (RuntimeException e) {
            // A driver bug must not kill the poll schedule: treat it as a lost connection, with the cause shown.
            errors.incrementAndGet();
            lost(gen, c, "driver " + driver.id() + " failed: " + e);
        } finally {
            callStartNanos = 0;
        }
        return 0;
    }

    /**
     * Hands one cycle, raw, to normalization ({@link RawIngest}: one exchange through the route
     * {@code gridhub-normalize}), which maps, scales and publishes it. While normalization is gone or failing the
     * cycle is not published at all: the host has no second copy of the device's mapping to scale it with. Returns
     * whether normalization took it.
     */
    private boolean deliver(List<DeviceMapping.Channel> entries, List<Reading> readings, Instant now) {
        List<RawReading> cycle = new ArrayList<>(readings.size());
        for (int i = 0; i < readings.size(); i++) {
            Reading r = readings.get(i);
            cycle.add(new RawReading(
                    name,
                    entries.get(i).address(),
                    r.value(),
                    r.sourceTime() == null ? now : r.sourceTime(),
                    RawReading.code(r.quality())));
        }
        try {
            RawIngest in = ingest.get();
            if (in == null) {
                throw new IllegalStateException("normalization is not running");
            }
            in.ingest(name, cycle);
            if (ingestState.recovered()) {
                LOG.info("device {}: readings are normalized again", name);
            }
            return true;
        } catch (RuntimeException e) {
            // Normalization going away under a cycle (its bundle stopping): the host reconfigures the device soon.
            if (ingestState.failed()) {
                LOG.warn("device {}: readings not normalized, so not published: {}", name, e.toString());
            }
            return false;
        }
    }

    private void lost(int gen, Connection<A> c, String why) {
        c.close();
        synchronized (this) {
            if (!current(gen)) {
                return;
            }
            endSubscription();
            connection = null;
            context.close();
            backfill.lost(clock.instant());
            publishInvalid(why);
        }
        retry(gen, why);
    }

    /** The subscription ends with its connection: what it queued is still handed on, later pushes are ignored. */
    private void endSubscription() {
        Pushed<A> p = pushed;
        if (p != null) {
            p.close();
        }
        polled = null;
    }

    /**
     * The last values of a device that went away are no longer true: say so on every point, once (through the
     * same path as the readings, so that normalization's deadband and de-duplication see it).
     */
    private void publishInvalid(String why) {
        Instant now = clock.instant();
        Reading failed = Reading.failed(Quality.invalid(Quality.Reason.COMMUNICATION_FAILURE, why));
        List<DeviceMapping.Channel> entries = new ArrayList<>();
        List<Reading> readings = new ArrayList<>();
        for (Group<A> g : groups) {
            for (DeviceMapping.Channel e : g.entries()) {
                entries.add(e);
                readings.add(failed);
            }
        }
        deliver(entries, readings, now);
    }

    /** Polls one group now, on the device thread; the readings handed on (tests and benchmarks). */
    CompletableFuture<Integer> pollNow(String group) {
        return pollRepeatedly(group, 1);
    }

    /**
     * Polls one group {@code times} times back to back in one task on the device thread, as the schedule does when
     * a device is polled faster than it answers; returns the readings handed on (benchmarks).
     */
    CompletableFuture<Integer> pollRepeatedly(String group, int times) {
        Group<A> g = groups.stream()
                .filter(x -> x.name().equals(group))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("device " + name + " has no poll group " + group));
        int gen;
        ScheduledExecutorService ex;
        synchronized (this) {
            gen = generation;
            ex = executor;
        }
        return CompletableFuture.supplyAsync(
                () -> {
                    int n = 0;
                    for (int i = 0; i < times; i++) {
                        n += read(gen, g);
                    }
                    return n;
                },
                ex);
    }

    /**
     * Writes a point's value, or runs it as a select-before-operate command; the raw value comes from the device's
     * mapping in normalization (sign, unit, offset and scale undone), the one description its readings use too.
     */
    CompletableFuture<Quality> write(PointId point, double value, boolean command) {
        Target<A> t = targets.get(point);
        if (t == null) {
            throw new IllegalArgumentException("device " + name + " has no point " + point);
        }
        double raw;
        try {
            RawIngest in = ingest.get();
            if (in == null) {
                throw new IllegalStateException("normalization, which holds the device's mapping, is not running");
            }
            raw = in.toRaw(name, point, value);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return CompletableFuture.completedFuture(Quality.invalid(
                    Quality.Reason.CONFIGURATION_ERROR, "device " + name + ", point " + point + ": " + e.getMessage()));
        }
        int gen;
        ScheduledExecutorService ex;
        synchronized (this) {
            gen = generation;
            ex = executor;
        }
        return CompletableFuture.supplyAsync(() -> doWrite(gen, t, raw, command), ex);
    }

    private Quality doWrite(int gen, Target<A> t, double raw, boolean command) {
        Connection<A> c = connection;
        if (c == null || !current(gen)) {
            return Quality.invalid(Quality.Reason.NOT_CONNECTED, "device " + name + " is not connected");
        }
        callStartNanos = System.nanoTime();
        try {
            if (command) {
                if (!(c instanceof Commandable<?>)) {
                    return Quality.invalid(
                            Quality.Reason.CONFIGURATION_ERROR,
                            "driver " + driver.id() + " has no select-before-operate commands");
                }
                @SuppressWarnings("unchecked")
                Commandable.Selection s = ((Commandable<A>) c).select(t.address(), raw);
                return s.quality().isGood() ? s.operate() : s.quality();
            }
            if (!(c instanceof Writable<?>)) {
                return Quality.invalid(Quality.Reason.CONFIGURATION_ERROR, "driver " + driver.id() + " cannot write");
            }
            @SuppressWarnings("unchecked")
            Quality q = ((Writable<A>) c).write(t.address(), raw);
            return q;
        } catch (ConnectionException e) {
            lost(gen, c, message(e));
            return Quality.invalid(Quality.Reason.COMMUNICATION_FAILURE, message(e));
        } catch (RuntimeException e) {
            lost(gen, c, "driver " + driver.id() + " failed: " + e);
            return Quality.invalid(Quality.Reason.DEVICE_FAILURE, e.toString());
        } finally {
            callStartNanos = 0;
        }
    }

    /** Called by the host's watchdog: abandons a call that has hung too long. */
    void watchdog(long nowNanos) {
        long start = callStartNanos;
        if (start == 0 || nowNanos - start <= watchdogNanos) {
            return;
        }
        Connection<A> c;
        synchronized (this) {
            if (stopped || callStartNanos != start) {
                return;
            }
            executor.shutdownNow();
            callStartNanos = 0;
            c = connection;
            connection = null;
            endSubscription();
            pushed = null;
            backfill.lost(clock.instant());
            String why = "a call hung for more than " + watchdogNanos / 1_000_000 + " ms; abandoned and reconnecting";
            publishInvalid(why);
            setState(DeviceState.OFFLINE, why);
            startGeneration(backoff.next());
        }
        if (c != null) {
            // Closing the socket is what frees a thread blocked in I/O.
            c.close();
        }
    }

    void stop() {
        ScheduledExecutorService ex;
        Connection<A> c;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            generation++;
            ex = executor;
            c = connection;
            connection = null;
            endSubscription();
        }
        ex.shutdownNow();
        try {
            if (!ex.awaitTermination(2, TimeUnit.SECONDS) && c != null) {
                LOG.debug("device {}: a call is still running at stop; closing under it", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (c != null) {
            c.close();
        }
        resume.flush();
    }

    private void setState(DeviceState newState, String why) {
        boolean changed = newState != state;
        reason = why;
        if (changed) {
            state = newState;
            since = clock.instant();
            if (newState == DeviceState.ONLINE) {
                LOG.info("device {} ({}) is online", name, driver.id());
            } else {
                LOG.warn(
                        "device {} ({}) is {}: {}",
                        name,
                        driver.id(),
                        newState.name().toLowerCase(),
                        why);
            }
            publishStatus();
        }
    }

    private void publishStatus() {
        Instant now = clock.instant();
        Quality q = switch (state) {
            case ONLINE -> Quality.GOOD;
            case OFFLINE -> Quality.invalid(Quality.Reason.COMMUNICATION_FAILURE, reason);
            case CONFIG_ERROR -> Quality.invalid(Quality.Reason.CONFIGURATION_ERROR, reason);
        };
        // The status itself is known for sure; the quality carries the reason so that consumers see why.
        bus.publish(new Sample(statusPoint, state.ordinal(), q, now, now));
    }

    synchronized DeviceStatus status() {
        int points = groups.stream().mapToInt(g -> g.entries().size()).sum();
        Backfill.Gap last = backfill.last();
        return new DeviceStatus(
                name,
                driver.id(),
                state,
                reason,
                since,
                points,
                reads.get(),
                rate.perSecond(),
                errors.get(),
                reconnects.get(),
                lastReadMillis,
                backfill.gaps(),
                last == null ? null : last.from(),
                last == null ? null : last.to());
    }

    private static String message(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !m.contains(cause.getMessage())) {
            m += ": " + cause.getMessage();
        }
        return m;
    }
}
