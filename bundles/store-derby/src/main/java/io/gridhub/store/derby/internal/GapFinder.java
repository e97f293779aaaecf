package io.gridhub.store.derby.internal;

import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.store.GapRuns;
import io.gridhub.api.store.QualityGap;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Finds a point's data-quality gaps ({@link QualityGap}: a run of samples that are not GOOD, up to the next GOOD
 * one) in samples visited window by window, as the store reads its blocks: the windows come in time order, the
 * samples within one in any order (its blocks may overlap until they are merged). A window is put in time order
 * only when it can matter, that is when it holds a sample that is not GOOD or a gap is open; the API's
 * {@link GapRuns} turns the ordered samples into gaps.
 */
final class GapFinder {
    private final GapRuns runs;
    private long window = Long.MIN_VALUE;
    private long[] times = new long[256];
    private Quality[] qualities = new Quality[256];
    private int size;
    private boolean anyBad;

    GapFinder(PointId point) {
        this.runs = new GapRuns(point);
    }

    /** The next block belongs to {@code windowStart}: a window that changes is complete. */
    void window(long windowStart) {
        if (windowStart != window) {
            flush();
            window = windowStart;
        }
    }

    /** A sample of the current window within the period. */
    void add(long time, Quality quality) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            qualities = Arrays.copyOf(qualities, size * 2);
        }
        times[size] = time;
        qualities[size] = quality;
        size++;
        anyBad |= !quality.isGood();
    }

    /** The gaps found, a gap still open at the end running to {@code to}. */
    List<QualityGap> gaps(Instant to) {
        flush();
        return runs.gaps(to);
    }

    private void flush() {
        if (anyBad || runs.open()) {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            // Stable: samples at the same time keep the order they were read in, as a range returns them.
            Arrays.sort(order, Comparator.comparingLong(i -> times[i]));
            for (int i : order) {
                runs.next(BlockCodec.instant(times[i]), qualities[i]);
            }
        }
        Arrays.fill(qualities, 0, size, null);
        size = 0;
        anyBad = false;
    }
}
