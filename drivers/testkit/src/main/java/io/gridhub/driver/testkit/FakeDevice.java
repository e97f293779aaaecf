package io.gridhub.driver.testkit;

import io.gridhub.api.driver.Commandable;
import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.Reading;
import io.gridhub.api.driver.Writable;
import io.gridhub.api.model.Quality;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** One fake device: values, up or down, hanging or not, and counts of what the host did to it. */
public final class FakeDevice {
    private final String name;
    private final Map<String, Double> values = new ConcurrentHashMap<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final AtomicInteger connects = new AtomicInteger();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger inCall = new AtomicInteger();
    private final AtomicInteger maxInCall = new AtomicInteger();
    private final List<FakeConnection> connections = new CopyOnWriteArrayList<>();
    private volatile boolean up = true;
    private volatile boolean hang;

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

    public int openConnections() {
        return (int) connections.stream().filter(c -> !c.closed).count();
    }

    FakeConnection open() throws ConnectionException {
        if (!up) {
            throw new ConnectionException("fake device " + name + " is down", new ConnectException("refused"));
        }
        connects.incrementAndGet();
        FakeConnection c = new FakeConnection();
        connections.add(c);
        return c;
    }

    final class FakeConnection implements Connection<String>, Writable<String>, Commandable<String> {
        private volatile boolean closed;

        private void enter() throws ConnectionException {
            int n = inCall.incrementAndGet();
            maxInCall.accumulateAndGet(n, Math::max);
            if (closed || !up) {
                inCall.decrementAndGet();
                throw new ConnectionException(
                        "fake device " + name + " connection lost", new java.io.EOFException("peer gone"));
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
}
