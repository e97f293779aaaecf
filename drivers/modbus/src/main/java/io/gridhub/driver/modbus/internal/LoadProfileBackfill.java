package io.gridhub.driver.modbus.internal;

import com.ghgande.j2mod.modbus.ModbusSlaveException;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.Reading;
import io.gridhub.api.model.Quality;
import io.gridhub.driver.modbus.DataType;
import io.gridhub.driver.modbus.ModbusAddress;
import io.gridhub.driver.modbus.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a load profile back over an outage, a few records per poll: from the newest record towards older ones, each
 * record dated inside a field's outage handed on as a reading of the field's channel with the record's own time. The
 * walk ends at the first record older than every outage (the ring still holds what came before: nothing is missing),
 * or where the ring ends: all its records read, an empty record (time 0 or 0xFFFFFFFF), or one not older than the
 * record after it (the meter overwrote it meanwhile). Where the ring ended after the outage began, the records before
 * its oldest one are gone: each such field gets one gap mark (INVALID / COMMUNICATION_FAILURE) at its outage's
 * start, so that the store shows the gap up to the first back-filled record. Synchronized: the device thread reads, and
 * a watchdog closing the connection under it asks what is left.
 */
final class LoadProfileBackfill {
    /** Part of an outage a field's channel has no data for: {@code [from, to)}. */
    record Window(Instant from, Instant to) {
        boolean contains(Instant t) {
            return !t.isBefore(from) && t.isBefore(to);
        }
    }

    /** Reads registers from the device; an exception response comes back as {@link ModbusSlaveException}. */
    @FunctionalInterface
    interface Registers {
        int[] read(Table table, int start, int count) throws ModbusSlaveException, ConnectionException;
    }

    /** Takes a back-filled reading (or a gap mark) of a channel. */
    @FunctionalInterface
    interface Sink {
        void accept(ModbusAddress channel, Reading reading);
    }

    private static final long EMPTY = 0xFFFF_FFFFL;

    private final LoadProfile profile;
    private final Map<LoadProfile.Field, List<Window>> windows;
    private final int perRequest;
    private final Instant earliest;

    private boolean started;
    private boolean done;
    /** The record read next (walking towards older ones), and how many records are still unread. */
    private int next;

    private int left;
    /** Time stamp of the record read last, seconds: the next one must be older. */
    private long newer = Long.MAX_VALUE;
    /** The oldest record handed on, null while none was. */
    private Instant oldest;

    private int delivered;

    /**
     * @param windows    per field channel (canonical address), the parts of outages it has no data for; fields
     *                   without any are not back-filled
     * @param maxRegisters most registers per request
     */
    LoadProfileBackfill(LoadProfile profile, Map<String, List<Window>> windows, int maxRegisters) {
        this.profile = profile;
        this.windows = new LinkedHashMap<>();
        Instant first = null;
        for (LoadProfile.Field f : profile.fields()) {
            List<Window> w = windows.getOrDefault(f.channel().toString(), List.of()).stream()
                    .filter(x -> x.from().isBefore(x.to()))
                    .toList();
            if (!w.isEmpty()) {
                this.windows.put(f, w);
                for (Window x : w) {
                    first = first == null || x.from().isBefore(first) ? x.from() : first;
                }
            }
        }
        this.earliest = first;
        this.done = first == null;
        this.perRequest = Math.max(1, Math.min(maxRegisters, 125) / profile.recordSize());
    }

    /** Whether records are still to be read. */
    synchronized boolean active() {
        return !done;
    }

    /** Records handed on so far. */
    synchronized int delivered() {
        return delivered;
    }

    /**
     * One step: reads up to {@code maxRecordsPerPoll} records and hands on those inside the outage. An exception
     * response ends the back-fill with a gap mark on every field (the load profile cannot be read as configured).
     *
     * @throws ConnectionException when the connection is lost; {@link #remaining} says what is still to be read
     */
    synchronized void step(Registers device, Sink sink) throws ConnectionException {
        if (done) {
            return;
        }
        try {
            if (!started) {
                start(device, sink);
            }
            int budget = profile.maxRecordsPerPoll();
            while (!done && budget > 0 && left > 0) {
                int n = Math.min(Math.min(budget, left), Math.min(next + 1, perRequest));
                int first = next - n + 1;
                int size = profile.recordSize();
                int[] words =
                        device.read(profile.start().table(), profile.start().address() + first * size, n * size);
                for (int k = n - 1; k >= 0 && !done; k--) {
                    record(words, k * size, sink);
                }
                left -= n;
                budget -= n;
                next = first == 0 ? profile.records() - 1 : first - 1;
            }
            if (!done && left == 0) {
                ringEnded(sink, "every record read");
            }
        } catch (ModbusSlaveException e) {
            done = true;
            String why = ModbusConnection.exceptionQuality(e).detail();
            mark(sink, "the load profile could not be read (" + why + ")");
        }
    }

    private void start(Registers device, Sink sink) throws ModbusSlaveException, ConnectionException {
        started = true;
        ModbusAddress p = profile.pointer();
        long value = (long) Codec.decode(device.read(p.table(), p.address(), p.width()), 0, p.type(), p.order());
        if (profile.counter()) {
            if (value == 0) {
                done = true;
                return;
            }
            next = (int) ((value - 1) % profile.records());
            left = (int) Math.min(value, profile.records());
        } else if (value >= profile.records()) {
            done = true;
            mark(
                    sink,
                    "the load profile's newest record index " + value + " (" + p + ") is beyond its "
                            + profile.records() + " records");
        } else {
            next = (int) value;
            left = profile.records();
        }
    }

    private void record(int[] words, int offset, Sink sink) {
        long seconds = (long) Codec.decode(words, offset + profile.timeOffset(), DataType.UINT32, profile.timeOrder());
        if (seconds == 0 || seconds == EMPTY || seconds >= newer) {
            ringEnded(sink, seconds == 0 || seconds == EMPTY ? "an empty record" : "a record overwritten meanwhile");
            return;
        }
        newer = seconds;
        Instant t = Instant.ofEpochSecond(seconds);
        if (t.isBefore(earliest)) {
            // The ring still holds a record from before every outage: nothing in them is missing from it.
            done = true;
            return;
        }
        boolean handed = false;
        for (Map.Entry<LoadProfile.Field, List<Window>> e : windows.entrySet()) {
            if (e.getValue().stream().noneMatch(w -> w.contains(t))) {
                continue;
            }
            LoadProfile.Field f = e.getKey();
            double v = Codec.decode(words, offset + f.offset(), f.type(), f.order()) * f.scale();
            sink.accept(
                    f.channel(),
                    Double.isFinite(v)
                            ? new Reading(v, Quality.GOOD, t)
                            : new Reading(
                                    Double.NaN, Quality.invalid(Quality.Reason.OUT_OF_RANGE, "not a number: " + v), t));
            handed = true;
        }
        if (handed) {
            delivered++;
            oldest = t;
        }
    }

    /**
     * The ring holds nothing older ({@code where} says how the walk found its end): an outage that began an interval
     * or more before the oldest record handed on lost data.
     */
    private void ringEnded(Sink sink, String where) {
        done = true;
        if (oldest == null) {
            // Nothing of the outage is in the ring: the driver host marks the gap as for any device.
            return;
        }
        Instant end = oldest;
        Duration interval = profile.interval();
        for (Map.Entry<LoadProfile.Field, List<Window>> e : windows.entrySet()) {
            for (Window w : e.getValue()) {
                Instant to = w.to().isBefore(end) ? w.to() : end;
                if (Duration.between(w.from(), to).compareTo(interval) >= 0) {
                    sink.accept(
                            e.getKey().channel(),
                            gap(
                                    w.from(),
                                    "the load profile holds no records from "
                                            + w.from() + " to " + to + " (its ring buffer of " + profile.records()
                                            + " records ends there: " + where + ")"));
                }
            }
        }
    }

    /** One gap mark per window of every field: the load profile cannot be read. */
    private void mark(Sink sink, String why) {
        windows.forEach((f, ws) -> ws.forEach(w -> sink.accept(f.channel(), gap(w.from(), why))));
    }

    private static Reading gap(Instant at, String why) {
        return new Reading(Double.NaN, Quality.invalid(Quality.Reason.COMMUNICATION_FAILURE, "gap: " + why), at);
    }

    /**
     * What is still to be read when the walk stopped unfinished (a lost connection): per channel, each window up to
     * the oldest record handed on. Empty once the walk is done.
     */
    synchronized Map<String, List<Window>> remaining() {
        Map<String, List<Window>> out = new LinkedHashMap<>();
        if (done) {
            return out;
        }
        windows.forEach((f, ws) -> {
            List<Window> rest = new ArrayList<>();
            for (Window w : ws) {
                Instant to = oldest != null && oldest.isBefore(w.to()) ? oldest : w.to();
                if (w.from().isBefore(to)) {
                    rest.add(new Window(w.from(), to));
                }
            }
            if (!rest.isEmpty()) {
                out.put(f.channel().toString(), List.copyOf(rest));
            }
        });
        return out;
    }
}
