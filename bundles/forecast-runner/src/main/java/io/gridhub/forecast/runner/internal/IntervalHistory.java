package io.gridhub.forecast.runner.internal;

import java.util.Map;
import java.util.TreeMap;

/**
 * Interval averages of one aggregate (e.g. the community's load in W) built from the bus: each batch adds the
 * sum of its points' values to the interval it falls in. Old intervals are dropped beyond {@code keep}.
 */
final class IntervalHistory {
    private final long intervalSeconds;
    private final int keep;
    private final TreeMap<Long, double[]> sums = new TreeMap<>(); // interval index → {sum, count}

    IntervalHistory(long intervalSeconds, int keep) {
        this.intervalSeconds = intervalSeconds;
        this.keep = keep;
    }

    synchronized void add(long epochSecond, double value) {
        long idx = Math.floorDiv(epochSecond, intervalSeconds);
        double[] s = sums.computeIfAbsent(idx, k -> new double[2]);
        s[0] += value;
        s[1]++;
        while (sums.size() > keep) {
            sums.pollFirstEntry();
        }
    }

    /** The average of interval {@code idx}, or {@code NaN} when the bus gave nothing for it. */
    synchronized double average(long idx) {
        double[] s = sums.get(idx);
        return s == null ? Double.NaN : s[0] / s[1];
    }

    synchronized int size() {
        return sums.size();
    }

    synchronized Map<Long, double[]> snapshot() {
        return new TreeMap<>(sums);
    }
}
