package io.gridhub.loop.internal;

import io.gridhub.api.model.PointId;
import io.gridhub.api.store.Bucket;
import io.gridhub.api.store.StoreException;
import io.gridhub.api.store.TimeSeriesStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Interval averages of points from the store, kept between cycles: the first request of a point reads its whole
 * look-back, later ones only the intervals that completed since. Bounded to the look-back.
 */
final class History {
    private final Duration step;
    private final Duration lookback;
    private final Map<PointId, Series> series = new ConcurrentHashMap<>();

    History(Duration step, Duration lookback) {
        this.step = step;
        this.lookback = lookback;
    }

    private static final class Series {
        final NavigableMap<Long, Double> avg = new ConcurrentSkipListMap<>();
        long loadedUntil = Long.MIN_VALUE;
    }

    /**
     * The averages of the complete intervals in {@code [end - look-back, end)}, {@code NaN} where nothing was
     * stored; {@code end} is rounded down to the step.
     */
    double[] values(TimeSeriesStore store, PointId point, Instant end) throws StoreException {
        long s = step.toMillis();
        long endMs = Math.floorDiv(end.toEpochMilli(), s) * s;
        long fromMs = endMs - lookback.toMillis();
        Series x = series.computeIfAbsent(point, k -> new Series());
        synchronized (x) {
            long readFrom = Math.max(fromMs, x.loadedUntil);
            if (readFrom < endMs) {
                for (Bucket b :
                        store.aggregate(point, Instant.ofEpochMilli(readFrom), Instant.ofEpochMilli(endMs), step)) {
                    x.avg.put(Math.floorDiv(b.start().toEpochMilli(), s), b.avg());
                }
                x.loadedUntil = endMs;
            }
            x.avg.headMap(Math.floorDiv(fromMs, s)).clear();
            int n = (int) (lookback.toMillis() / s);
            double[] v = new double[n];
            long first = Math.floorDiv(fromMs, s);
            for (int i = 0; i < n; i++) {
                Double a = x.avg.get(first + i);
                v[i] = a == null ? Double.NaN : a;
            }
            return v;
        }
    }

    static int known(double[] v) {
        int n = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                n++;
            }
        }
        return n;
    }

    static double mean(double[] v) {
        double sum = 0;
        int n = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                sum += x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
