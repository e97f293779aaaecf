package io.gridhub.store.derby.internal;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each point's block windows, chosen from its cadence. A block never spans two windows, and a block of a few
 * samples costs its header many times over, so a window should hold a few hundred samples: a 1 s series keeps
 * one-hour windows, a 1-minute series takes days, 15- and 30-minute meter data weeks, hourly prices four weeks.
 * Widths come from {@link #LADDER}, each a multiple of the one before and all aligned on the epoch, so the windows
 * of a point nest and never overlap.
 *
 * <p>A point starts with hour windows (as every point had before issue 25) while its first {@value #INTERVALS}
 * intervals are watched; their median is its cadence. The width it implies applies from {@code since}: the start of
 * the wide window that holds the newest stored sample, or from the beginning when nothing is stored yet. Hour
 * blocks already stored at or after {@code since} (the watched samples, or an older hub's last weeks) belong to that
 * wide window from then on: queries find them by its bounds, and the merge rewrites them into its one block, keyed
 * by its start ({@link #windowOf} of a block's key gives its window). Hour windows before {@code since} end at or
 * before it, so windows never overlap. The choice is kept in {@code ts_point} (migration V5) and never changes; a
 * point stored before V5 is watched afresh. Samples arriving late for a time before {@code since} go to hour
 * windows.
 */
final class Windows {
    static final long HOUR = Duration.ofHours(1).toNanos();
    /** The widths a point can have, each a multiple of the one before. */
    static final long[] LADDER = {
        HOUR,
        Duration.ofDays(1).toNanos(),
        Duration.ofDays(7).toNanos(),
        Duration.ofDays(28).toNanos()
    };
    /** The widest window: what a restart looks back for windows left unmerged. */
    static final long WIDEST = LADDER[LADDER.length - 1];
    /** Samples a window should hold at the point's cadence. */
    static final long TARGET_SAMPLES = 256;
    /** Intervals watched before a point's width is chosen. */
    static final int INTERVALS = 8;

    /** Windows at or after {@code since} are {@code width} wide, those before one hour. */
    record Regime(long since, long width) {
        long widthAt(long nanos) {
            return nanos < since ? HOUR : width;
        }
    }

    private final Map<Integer, Regime> regimes = new ConcurrentHashMap<>();
    /** Points still watched: touched under the store's write lock only. */
    private final Map<Integer, Cadence> watched = new ConcurrentHashMap<>();

    /** The smallest width of the ladder that holds {@link #TARGET_SAMPLES} samples at this cadence. */
    static long widthFor(long cadenceNanos) {
        for (long w : LADDER) {
            if (w / Math.max(1, cadenceNanos) >= TARGET_SAMPLES) {
                return w;
            }
        }
        return WIDEST;
    }

    /** The start of the window that holds this time of the point. */
    long windowOf(int pointId, long nanos) {
        long w = widthAt(pointId, nanos);
        return Math.floorDiv(nanos, w) * w;
    }

    /** The width of the point's window that starts (or holds a time) at {@code nanos}. */
    long widthAt(int pointId, long nanos) {
        Regime r = regimes.get(pointId);
        return r == null ? HOUR : r.widthAt(nanos);
    }

    Regime regime(int pointId) {
        return regimes.get(pointId);
    }

    /** A choice read back from {@code ts_point} at start. */
    void restore(int pointId, long since, long width) {
        regimes.put(pointId, new Regime(since, width));
    }

    /** Forgets a choice made in a transaction that was rolled back, or for a point erased. */
    void forget(int pointId) {
        regimes.remove(pointId);
        watched.remove(pointId);
    }

    /** What stored blocks there are of a point, for the choice of {@code since}. */
    interface StoredEnd {
        /** The end of the point's newest stored (hour) window, or null when none. */
        Long end() throws SQLException;
    }

    /**
     * Watches the source times of a point's batch (sorted); when they complete its cadence, chooses its width and
     * returns the regime, which applies at once (the caller persists it, or {@link #forget}s it on rollback).
     */
    Regime observe(int pointId, long[] sortedTimes, StoredEnd stored) throws SQLException {
        if (regimes.containsKey(pointId)) {
            return null;
        }
        Cadence c = watched.computeIfAbsent(pointId, k -> new Cadence());
        long cadence = c.add(sortedTimes);
        if (cadence < 0) {
            return null;
        }
        watched.remove(pointId);
        long width = widthFor(cadence);
        Long end = stored.end();
        long since = end == null ? Long.MIN_VALUE : Math.floorDiv(end - 1, width) * width;
        Regime r = new Regime(since, width);
        regimes.put(pointId, r);
        return r;
    }

    /** The median of a point's first intervals between increasing source times. */
    static final class Cadence {
        private final long[] intervals = new long[INTERVALS];
        private int count;
        private long last = Long.MIN_VALUE;

        /** Adds sorted times; the median interval once {@link #INTERVALS} are known, else -1. */
        long add(long[] times) {
            for (long t : times) {
                if (last != Long.MIN_VALUE && t > last && count < INTERVALS) {
                    intervals[count++] = t - last;
                }
                last = Math.max(last, t);
            }
            if (count < INTERVALS) {
                return -1;
            }
            long[] sorted = intervals.clone();
            Arrays.sort(sorted);
            return sorted[INTERVALS / 2];
        }
    }
}
