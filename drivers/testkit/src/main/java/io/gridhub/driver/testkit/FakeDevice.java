package io.gridhub.driver.testkit;

import io.gridhub.api.driver.Commandable;
import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.Reading;
import io.gridhub.api.driver.Subscribable;
import io.gridhub.api.driver.Writable;
import io.gridhub.api.model.Quality;
import java.io.EOFException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** One fake device: values, up or down, hanging or not, and counts of what the host did to it. */
public final class FakeDevice {
    private final String name;
    private final Map<String, Double> values = new ConcurrentHashMap<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final AtomicInteger connects = new AtomicInteger();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger inCall = new AtomicInteger();
    private final AtomicInteger maxInCall = new AtomicInteger();
    private final AtomicInteger ticks = new AtomicInteger();
    private final List<FakeConnection> connections = new CopyOnWriteArrayList<>();
    private volatile boolean up = true;
    private volatile boolean hang;
    private volatile Duration tickEvery;
    private volatile boolean pushing;
    private volatile Map<String, Instant> backfillFrom = Map.of();
    /** What {@link #push} sent while no connection was subscribed, handed to the next subscriber first. */
    private final List<Pushed> buffered = new ArrayList<>();

    /** Something pushed: to the subscribers of {@code address} (null: to every subscriber), what they are told. */
    private record Pushed(String address, Consumer<Subscribable.Listener<String>> tell) {}

    FakeDevice(String name) {
        this.name = name;
    }

    public FakeDevice set(String address, double value) {
        values.put(address, value);
        return this;
    }

    public double get(String address) {
        return values.getOrDefault(address, 0.0);
    }

    /** Down: connects fail, and open connections fail their next call. */
    public FakeDevice up(boolean isUp) {
        up = isUp;
        return this;
    }

    /** Hanging: reads block until the connection is closed (a dead peer without a timeout). */
    public FakeDevice hang(boolean hanging) {
        hang = hanging;
        if (!hanging) {
            synchronized (this) {
                notifyAll();
            }
        }
        return this;
    }

    /**
     * Each connection opened from now on runs a recurring task on its {@link DeviceContext#scheduler()} (counted in
     * {@link #ticks()}, and as a call in {@link #maxConcurrentCalls()}) and left to the host to cancel; null: none.
     */
    public FakeDevice tickEvery(Duration period) {
        tickEvery = period;
        return this;
    }

    /** How often the connections' scheduled tasks ran. */
    public int ticks() {
        return ticks.get();
    }

    /**
     * The link goes down by itself while the device stays up (a cut cable): open connections report it through
     * {@link DeviceContext#linkLost} at once and fail their next call.
     */
    public FakeDevice dropLink() {
        for (FakeConnection c : connections) {
            if (!c.closed && !c.lost) {
                c.lost = true;
                c.context.linkLost(new ConnectionException(
                        "fake device " + name + ": link dropped", new EOFException("link dropped")));
            }
        }
        return this;
    }

    /**
     * Connections opened from now on push ({@link Subscribable}): {@link #push} values reach their subscribers; an
     * address starting with {@code bad} is answered, during {@code subscribe}, with an INVALID /
     * CONFIGURATION_ERROR reading (not pushed, poll it), as the IEC 61850 and OPC UA drivers answer a channel they
     * cannot push.
     */
    public FakeDevice pushing(boolean on) {
        pushing = on;
        return this;
    }

    /**
     * The device pushes a value with its own time stamp to the subscribers of its open connections; with none
     * subscribed, the value is buffered and pushed to the next subscriber (as an outstation buffers time-tagged
     * events while the link is down).
     */
    public FakeDevice push(String address, double value, Instant sourceTime) {
        Reading r = new Reading(value, Quality.GOOD, sourceTime);
        values.put(address, value);
        return push(new Pushed(address, l -> l.onReading(address, r)));
    }

    /**
     * The device pushes where it stands after what it pushed so far ({@link Subscribable.Listener#onResumePoint}), to
     * every subscriber, buffered like {@link #push} while none is subscribed.
     */
    public FakeDevice pushResumePoint(String key, String value) {
        return push(new Pushed(null, l -> l.onResumePoint(key, value)));
    }

    /** The resume point the hub gives the device's latest connection ({@link DeviceContext#resumePoint}). */
    public Optional<String> resumePoint(String key) {
        return connections.isEmpty()
                ? Optional.empty()
                : connections.get(connections.size() - 1).context.resumePoint(key);
    }

    private FakeDevice push(Pushed p) {
        List<PushingConnection> to = new ArrayList<>();
        synchronized (buffered) {
            for (FakeConnection c : connections) {
                if (c instanceof PushingConnection pc && !c.closed && !c.lost && !pc.listeners.isEmpty()) {
                    to.add(pc);
                }
            }
            if (to.isEmpty()) {
                buffered.add(p);
                return this;
            }
        }
        to.forEach(c -> c.push(p));
        return this;
    }

    /**
     * The subscribed connections hand their subscribers a reading of {@code address} with its own time stamp even
     * where they do not push that channel (it is polled), as a connection that reads the device's history back does
     * (SPI 0.8, e.g. a meter's load profile). Nothing is buffered.
     */
    public FakeDevice backfill(String address, double value, Instant sourceTime) {
        Reading r = new Reading(value, Quality.GOOD, sourceTime);
        for (FakeConnection c : connections) {
            if (c instanceof PushingConnection pc && !c.closed && !c.lost) {
                pc.listeners.forEach(sub -> sub.listener().onReading(address, r));
            }
        }
        return this;
    }

    public int connects() {
        return connects.get();
    }

    public int reads() {
        return reads.get();
    }

    /** The most calls that ever ran at once on this device (a host must keep it at 1). */
    public int maxConcurrentCalls() {
        return maxInCall.get();
    }

    /** Commands operated, as {@code address=value}. */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    /** What the context of the last connection opened said about missing data ({@code DeviceContext.backfillFrom}). */
    public Map<String, Instant> lastBackfillFrom() {
        return backfillFrom;
    }

    public int openConnections() {
        return (int) connections.stream().filter(c -> !c.closed).count();
    }

    FakeConnection open(DeviceContext context) throws ConnectionException {
        if (!up) {
            throw new ConnectionException("fake device " + name + " is down", new ConnectException("refused"));
        }
        connects.incrementAndGet();
        backfillFrom = context.backfillFrom();
        FakeConnection c = pushing ? new PushingConnection(context) : new FakeConnection(context);
        connections.add(c);
        Duration period = tickEvery;
        if (period != null) {
            // Never cancelled here: the host must end a connection's timed work when it closes the connection.
            context.scheduler().scheduleAtFixedRate(c::tick, period, period);
        }
        return c;
    }

    class FakeConnection implements Connection<String>, Writable<String>, Commandable<String> {
        private final DeviceContext context;
        private volatile boolean closed;
        private volatile boolean lost;

        FakeConnection(DeviceContext context) {
            this.context = context;
        }

        private void tick() {
            int n = inCall.incrementAndGet();
            maxInCall.accumulateAndGet(n, Math::max);
            ticks.incrementAndGet();
            inCall.decrementAndGet();
        }

        private void enter() throws ConnectionException {
            int n = inCall.incrementAndGet();
            maxInCall.accumulateAndGet(n, Math::max);
            if (closed || lost || !up) {
                inCall.decrementAndGet();
                throw new ConnectionException(
                        "fake device " + name + " connection lost", new EOFException("peer gone"));
            }
        }

        @Override
        public List<Reading> read(List<String> channels) throws ConnectionException {
            enter();
            try {
                synchronized (FakeDevice.this) {
                    while (hang && !closed) {
                        try {
                            FakeDevice.this.wait(50);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new ConnectionException("interrupted", e);
                        }
                    }
                }
                if (closed) {
                    throw new ConnectionException("fake device " + name + " connection closed");
                }
                reads.incrementAndGet();
                List<Reading> out = new ArrayList<>(channels.size());
                for (String a : channels) {
                    out.add(
                            a.startsWith("bad")
                                    ? Reading.failed(
                                            Quality.invalid(Quality.Reason.OUT_OF_RANGE, "fake device refuses " + a))
                                    : Reading.good(get(a)));
                }
                return out;
            } finally {
                inCall.decrementAndGet();
            }
        }

        @Override
        public Quality write(String channel, double value) throws ConnectionException {
            enter();
            try {
                if (channel.startsWith("bad")) {
                    return Quality.invalid(Quality.Reason.OUT_OF_RANGE, "fake device refuses " + channel);
                }
                values.put(channel, value);
                return Quality.GOOD;
            } finally {
                inCall.decrementAndGet();
            }
        }

        @Override
        public Selection select(String channel, double value) throws ConnectionException {
            enter();
            inCall.decrementAndGet();
            boolean ok = !channel.startsWith("bad");
            return new Selection() {
                private boolean armed = ok;

                @Override
                public Quality quality() {
                    return ok ? Quality.GOOD : Quality.invalid(Quality.Reason.BLOCKED, "select refused");
                }

                @Override
                public Quality operate() throws ConnectionException {
                    enter();
                    try {
                        if (!armed) {
                            return Quality.invalid(Quality.Reason.BLOCKED, "operate without select");
                        }
                        armed = false;
                        commands.add(channel + "=" + value);
                        return Quality.GOOD;
                    } finally {
                        inCall.decrementAndGet();
                    }
                }

                @Override
                public void cancel() {
                    armed = false;
                }
            };
        }

        @Override
        public void close() {
            closed = true;
            synchronized (FakeDevice.this) {
                FakeDevice.this.notifyAll();
            }
        }
    }

    /** A connection that also pushes ({@link #pushing}). */
    final class PushingConnection extends FakeConnection implements Subscribable<String> {
        private final List<Sub> listeners = new CopyOnWriteArrayList<>();

        private record Sub(List<String> channels, Listener<String> listener) {}

        PushingConnection(DeviceContext context) {
            super(context);
        }

        @Override
        public AutoCloseable subscribe(List<String> channels, Listener<String> listener) throws ConnectionException {
            List<String> pushed = new ArrayList<>();
            for (String a : channels) {
                if (a.startsWith("bad")) {
                    listener.onReading(
                            a,
                            Reading.failed(Quality.invalid(
                                    Quality.Reason.CONFIGURATION_ERROR, "fake device does not push " + a)));
                } else {
                    pushed.add(a);
                }
            }
            Sub sub = new Sub(pushed, listener);
            List<Pushed> earlier;
            synchronized (buffered) {
                listeners.add(sub);
                earlier = List.copyOf(buffered);
                buffered.clear();
            }
            earlier.forEach(this::push);
            return () -> listeners.remove(sub);
        }

        private void push(Pushed p) {
            for (Sub s : listeners) {
                if (p.address() == null || s.channels().contains(p.address())) {
                    p.tell().accept(s.listener());
                }
            }
        }
    }
}
