package io.gridhub.forecast.common;

import java.util.Arrays;

/**
 * Split-conformal calibration of a P10–P90 band (conformalized quantile regression, Romano et al. 2019): on a
 * calibration slice the model did not train on, each outcome's score is how far it fell outside its band
 * ({@code max(lo − y, y − hi)}, negative inside); the band of a new forecast is widened on both sides by the
 * ⌈(n + 1) · coverage⌉-th smallest score (narrowed when that score is negative). With exchangeable errors the widened
 * band covers at least {@code coverage} of new outcomes, and at most {@code coverage + 1/(n + 1)}.
 */
public final class Conformal {
    /** The P10–P90 band's nominal coverage. */
    public static final double P10_P90 = 0.8;

    /** Fewer calibration scores than this give no margin (0: the band as the model made it). */
    public static final int MIN_SCORES = 20;

    private Conformal() {}

    /** How far {@code actual} lies outside {@code [lo, hi]}: positive outside, negative (the distance) inside. */
    public static double score(double lo, double hi, double actual) {
        return Math.max(lo - actual, actual - hi);
    }

    /**
     * The margin to add below and above the band for {@code coverage} from the first {@code n} finite scores
     * (NaN skipped); 0 when fewer than {@link #MIN_SCORES} are finite. Sorts the scores in place.
     */
    public static double margin(double[] scores, int n, double coverage) {
        if (!(coverage > 0 && coverage < 1)) {
            throw new IllegalArgumentException("coverage must be within (0, 1), got " + coverage);
        }
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isNaN(scores[i])) {
                scores[m++] = scores[i];
            }
        }
        if (m < MIN_SCORES) {
            return 0;
        }
        Arrays.sort(scores, 0, m);
        int k = (int) Math.ceil((m + 1) * coverage);
        return scores[Math.min(m, k) - 1];
    }
}
