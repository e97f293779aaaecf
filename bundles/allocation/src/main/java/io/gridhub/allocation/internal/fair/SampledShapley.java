package io.gridhub.allocation.internal.fair;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The Shapley value of the savings game by Monte Carlo over permutations, for communities too large to
 * enumerate. The closed-form parts are exact (see {@link ExactShapley}); only the coalition part of mixed
 * intervals is sampled. One permutation yields every member's marginal contribution in O(n·T); each sample is
 * a permutation and its reverse (antithetic: a member early in one is late in the other, which cancels much of
 * the variance). Sampling stops when the estimated error Σ_i SE_i / Σ_i |φ_i| is below the target, or when the
 * time or permutation budget ends — the result reports the error it reached, either way.
 */
public final class SampledShapley {
    /** Pairs between two checks of the stopping rule. */
    private static final int BATCH = 16;
    /** Pairs before the standard errors are trusted. */
    private static final int MIN_PAIRS = 64;

    public record Budget(double targetRelativeError, long maxMillis, long maxPermutations, long seed) {}

    private SampledShapley() {}

    public static ShapleyResult compute(SavingsGame game, Budget budget) {
        int n = game.n;
        double[] per = game.closedForm();
        int tm = 0;
        for (int t = 0; t < game.intervals; t++) {
            if (game.mixed(t)) {
                tm++;
            }
        }
        // Mixed intervals as rows of d·net, so the inner loop reads one short contiguous row.
        int[] rows = new int[tm];
        double[][] x = new double[tm][];
        double[] d = new double[tm];
        for (int t = 0, r = 0; t < game.intervals; t++) {
            if (game.mixed(t)) {
                rows[r] = t;
                d[r] = game.pImp[t] - game.pExp[t];
                x[r] = new double[n];
                System.arraycopy(game.net, t * n, x[r], 0, n);
                r++;
            }
        }
        double closedAbs = 0;
        double[] closedTotal = new double[n];
        for (int t = 0; t < game.intervals; t++) {
            for (int i = 0; i < n; i++) {
                closedTotal[i] += per[t * n + i];
            }
        }
        double[] sumPerInterval = new double[tm * n];
        double[] sum = new double[n];
        double[] sumSq = new double[n];
        double[] sample = new double[n];
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(budget.seed());
        long start = System.nanoTime();
        long pairs = 0;
        double rel = tm == 0 ? 0 : Double.POSITIVE_INFINITY;
        while (tm > 0) {
            for (int b = 0; b < BATCH; b++) {
                for (int k = n - 1; k > 0; k--) {
                    int j = rnd.nextInt(k + 1);
                    int tmp = perm[k];
                    perm[k] = perm[j];
                    perm[j] = tmp;
                }
                Arrays.fill(sample, 0);
                for (int r = 0; r < tm; r++) {
                    double[] xr = x[r];
                    double dr = 0.5 * d[r];
                    int o = r * n;
                    // Forward, then the reverse (antithetic) permutation.
                    join(perm, 0, 1, xr, dr, sample, sumPerInterval, o);
                    join(perm, n - 1, -1, xr, dr, sample, sumPerInterval, o);
                }
                for (int i = 0; i < n; i++) {
                    sum[i] += sample[i];
                    sumSq[i] += sample[i] * sample[i];
                }
                pairs++;
            }
            if (pairs >= MIN_PAIRS) {
                rel = relativeError(closedTotal, sum, sumSq, pairs, null);
                long elapsed = (System.nanoTime() - start) / 1_000_000;
                if (rel <= budget.targetRelativeError()
                        || elapsed >= budget.maxMillis()
                        || 2 * pairs >= budget.maxPermutations()) {
                    break;
                }
            }
        }
        double[] se = new double[n];
        if (tm > 0) {
            rel = relativeError(closedTotal, sum, sumSq, pairs, se);
        }
        double[] total = closedTotal.clone();
        for (int r = 0; r < tm; r++) {
            int t = rows[r];
            for (int i = 0; i < n; i++) {
                double g = sumPerInterval[r * n + i] / pairs;
                per[t * n + i] -= g;
            }
        }
        for (int i = 0; i < n; i++) {
            if (pairs > 0) {
                total[i] -= sum[i] / pairs;
            }
        }
        return new ShapleyResult(total, per, null, se, rel, 2 * pairs, tm, false);
    }

    /**
     * Members join one by one in {@code perm} order from {@code first} in steps of {@code step} (1 or −1); the
     * marginal of j is max(X + x_j, 0) − max(X, 0), weighted by {@code dr}, added to its sample and its interval's
     * sum (cells from {@code o}).
     */
    private static void join(
            int[] perm, int first, int step, double[] xr, double dr, double[] sample, double[] sumPerInterval, int o) {
        double s = 0;
        double before = 0;
        for (int k = first; k >= 0 && k < perm.length; k += step) {
            int j = perm[k];
            s += xr[j];
            double after = s > 0 ? s : 0;
            double m = dr * (after - before);
            sample[j] += m;
            sumPerInterval[o + j] += m;
            before = after;
        }
    }

    /** Σ SE_i / Σ |φ_i| with φ_i = closed part − mean coalition part; fills {@code se} when given. */
    private static double relativeError(double[] closed, double[] sum, double[] sumSq, long pairs, double[] se) {
        double seSum = 0;
        double abs = 0;
        for (int i = 0; i < closed.length; i++) {
            double mean = sum[i] / pairs;
            double var = pairs > 1 ? Math.max(sumSq[i] / pairs - mean * mean, 0) * pairs / (pairs - 1) : 0;
            double e = Math.sqrt(var / pairs);
            if (se != null) {
                se[i] = e;
            }
            seSum += e;
            abs += Math.abs(closed[i] - mean);
        }
        return abs > 0 ? seSum / abs : (seSum > 0 ? Double.POSITIVE_INFINITY : 0);
    }
}
