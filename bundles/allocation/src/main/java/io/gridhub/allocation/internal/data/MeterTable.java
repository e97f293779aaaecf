package io.gridhub.allocation.internal.data;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Metered energy of n members over T regular intervals, dense and column-free: cell (t, i) is at {@code t*n+i}.
 * kWh, both ≥ 0. Dense arrays keep a year of 15-minute data for 1,000 members at 2 × 280 MB and make the keys
 * one pass over memory.
 */
public final class MeterTable {
    private final String[] members;
    private final Instant[] starts;
    private final String[] labels;
    private final Duration step;
    private final double[] consumption;
    private final double[] generation;
    private final int missingCells;

    public MeterTable(
            String[] members,
            Instant[] starts,
            String[] labels,
            Duration step,
            double[] consumption,
            double[] generation,
            int missingCells) {
        if (consumption.length != members.length * starts.length
                || generation.length != consumption.length
                || labels.length != starts.length) {
            throw new IllegalArgumentException("meter table: array sizes do not match");
        }
        this.members = members;
        this.starts = starts;
        this.labels = labels;
        this.step = step;
        this.consumption = consumption;
        this.generation = generation;
        this.missingCells = missingCells;
    }

    public int members() {
        return members.length;
    }

    public int intervals() {
        return starts.length;
    }

    public String member(int i) {
        return members[i];
    }

    public String[] memberIds() {
        return members.clone();
    }

    public int indexOf(String member) {
        for (int i = 0; i < members.length; i++) {
            if (members[i].equals(member)) {
                return i;
            }
        }
        return -1;
    }

    public Instant start(int t) {
        return starts[t];
    }

    /** The interval's timestamp exactly as the input wrote it. */
    public String label(int t) {
        return labels[t];
    }

    public Duration step() {
        return step;
    }

    public double consumption(int t, int i) {
        return consumption[t * members.length + i];
    }

    public double generation(int t, int i) {
        return generation[t * members.length + i];
    }

    /** The backing arrays (not copies): the engines read them in one pass. */
    public double[] consumptionArray() {
        return consumption;
    }

    public double[] generationArray() {
        return generation;
    }

    /** Member-intervals absent from the input, counted as 0 kWh. */
    public int missingCells() {
        return missingCells;
    }

    /** ISO-8601 interval from the first start to the last end, the ledger's period key. */
    public String period() {
        if (starts.length == 0) {
            return "empty";
        }
        return starts[0] + "/" + starts[starts.length - 1].plus(step);
    }

    /**
     * The same energy at a coarser resolution: intervals are grouped by their start floored to the new step
     * (counted from the epoch, so hours are clock hours in UTC); a group is labelled with its first label.
     */
    public MeterTable aggregate(Duration coarser) {
        if (coarser.equals(step)) {
            return this;
        }
        long s = coarser.toSeconds();
        if (coarser.compareTo(step) < 0 || s % step.toSeconds() != 0) {
            throw new IllegalArgumentException(
                    "cannot aggregate " + step.toMinutes() + "-minute data to " + coarser.toMinutes() + " minutes");
        }
        int n = members.length;
        List<Integer> firstOf = new ArrayList<>();
        long lastKey = Long.MIN_VALUE;
        int[] group = new int[starts.length];
        for (int t = 0; t < starts.length; t++) {
            long key = Math.floorDiv(starts[t].getEpochSecond(), s);
            if (key != lastKey) {
                firstOf.add(t);
                lastKey = key;
            }
            group[t] = firstOf.size() - 1;
        }
        int tt = firstOf.size();
        double[] c = new double[tt * n];
        double[] g = new double[tt * n];
        for (int t = 0; t < starts.length; t++) {
            int o = group[t] * n;
            int p = t * n;
            for (int i = 0; i < n; i++) {
                c[o + i] += consumption[p + i];
                g[o + i] += generation[p + i];
            }
        }
        Instant[] st = new Instant[tt];
        String[] lb = new String[tt];
        for (int k = 0; k < tt; k++) {
            st[k] = Instant.ofEpochSecond(Math.floorDiv(starts[firstOf.get(k)].getEpochSecond(), s) * s);
            lb[k] = labels[firstOf.get(k)];
        }
        return new MeterTable(members, st, lb, coarser, c, g, missingCells);
    }

    @Override
    public String toString() {
        return members.length + " members × " + starts.length + " intervals of " + step.toMinutes() + " min";
    }

    /** A table from dense arrays with labels made from the instants (tests, benchmarks, API requests). */
    public static MeterTable of(String[] members, Instant first, Duration step, int intervals, double[] c, double[] g) {
        Instant[] st = new Instant[intervals];
        String[] lb = new String[intervals];
        for (int t = 0; t < intervals; t++) {
            st[t] = first.plus(step.multipliedBy(t));
            lb[t] = st[t].toString();
        }
        return new MeterTable(members.clone(), st, lb, step, c, g, 0);
    }

    public double totalConsumption() {
        return Arrays.stream(consumption).sum();
    }

    public double totalGeneration() {
        return Arrays.stream(generation).sum();
    }
}
