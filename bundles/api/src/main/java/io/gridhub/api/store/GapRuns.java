package io.gridhub.api.store;

import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns one point's sample qualities, visited in time order, into its data-quality gaps: a run of samples that are
 * not GOOD opens a gap at its first sample, and the next GOOD sample closes it ({@link QualityGap}). The one rule
 * for every store: the {@link TimeSeriesStore#gaps} default and the stores' own single-read versions feed it. Not
 * thread-safe; one per read.
 *
 * @since 0.6
 */
public final class GapRuns {
    private final PointId point;
    private final List<QualityGap> gaps = new ArrayList<>();
    private Instant openFrom;
    /** The quality of the sample that opened the gap still open, or null while none is. */
    private Quality openQuality;

    public GapRuns(PointId point) {
        this.point = Objects.requireNonNull(point, "point");
    }

    /** Whether a gap is open: then every sample matters, GOOD ones close it. */
    public boolean open() {
        return openQuality != null;
    }

    /** The next sample in time order. */
    public void next(Instant time, Quality quality) {
        if (!quality.isGood() && openQuality == null) {
            openFrom = time;
            openQuality = quality;
        } else if (quality.isGood() && openQuality != null) {
            gaps.add(new QualityGap(point, openFrom, time, openQuality, false));
            openQuality = null;
        }
    }

    /** The gaps found; one still open runs to {@code to}, the end of the period read, and is marked open. */
    public List<QualityGap> gaps(Instant to) {
        if (openQuality != null) {
            gaps.add(new QualityGap(point, openFrom, to, openQuality, true));
            openQuality = null;
        }
        return List.copyOf(gaps);
    }
}
