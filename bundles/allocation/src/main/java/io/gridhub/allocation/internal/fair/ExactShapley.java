package io.gridhub.allocation.internal.fair;

/**
 * The exact Shapley value of the savings game for up to {@link #MAX_MEMBERS} members.
 *
 * <p>Shapley is linear and v(S) = Σ_{i∈S} C({i}) − C(S), so φ_i(v) = C({i}) − φ_i(C). With
 * f_t(x) = p_exp·x + d·max(x, 0), d = p_imp − p_exp, the linear part gives p_exp·net_i, intervals without
 * negative nets give d·net_i and intervals without positive nets give 0 — only mixed intervals need the
 * coalitions of the game g_t(S) = d·max(Σ_{i∈S} net_i, 0). For those, every subset sum is one addition from a
 * smaller subset (drop the lowest member), and φ_i(g) = Σ_{T∌i} w(|T|)·(g(T∪{i}) − g(T)) with
 * w(s) = s!(n−s−1)!/n!, an n·2^(n−1) pass.
 */
public final class ExactShapley {
    public static final int MAX_MEMBERS = 20;
    /** Up to this many members the coalition part is also given per interval (cheap at 2^16). */
    public static final int PER_INTERVAL_MAX = 16;

    private ExactShapley() {}

    public static ShapleyResult compute(SavingsGame game) {
        return compute(game, game.n <= PER_INTERVAL_MAX);
    }

    public static ShapleyResult compute(SavingsGame game, boolean perInterval) {
        int n = game.n;
        if (n > MAX_MEMBERS) {
            throw new IllegalArgumentException("exact Shapley is limited to " + MAX_MEMBERS + " members, got " + n);
        }
        double[] per = game.closedForm();
        int mixed = 0;
        double[] period = null;
        double[] sums = new double[1 << n];
        double[] acc = perInterval ? null : new double[1 << n];
        int[] active = new int[n];
        double[] x = new double[n];
        for (int t = 0; t < game.intervals; t++) {
            if (!game.mixed(t)) {
                continue;
            }
            mixed++;
            double d = game.pImp[t] - game.pExp[t];
            if (perInterval) {
                // Members with a zero net are null players of g_t: the game over the others has the same values.
                int m = 0;
                for (int i = 0; i < n; i++) {
                    if (game.net[t * n + i] != 0) {
                        active[m] = i;
                        x[m++] = game.net[t * n + i];
                    }
                }
                int size = 1 << m;
                sums[0] = 0;
                for (int mask = 1; mask < size; mask++) {
                    int low = Integer.numberOfTrailingZeros(mask);
                    sums[mask] = sums[mask & (mask - 1)] + x[low];
                }
                for (int mask = 0; mask < size; mask++) {
                    sums[mask] = d * Math.max(sums[mask], 0);
                }
                double[] phi = pass(sums, m);
                for (int k = 0; k < m; k++) {
                    per[t * n + active[k]] -= phi[k];
                }
            } else {
                int size = 1 << n;
                sums[0] = 0;
                for (int i = 0; i < n; i++) {
                    x[i] = game.net[t * n + i];
                }
                for (int mask = 1; mask < size; mask++) {
                    int low = Integer.numberOfTrailingZeros(mask);
                    double s = sums[mask & (mask - 1)] + x[low];
                    sums[mask] = s;
                    acc[mask] += d * Math.max(s, 0);
                }
            }
        }
        double[] total = new double[n];
        for (int t = 0; t < game.intervals; t++) {
            for (int i = 0; i < n; i++) {
                total[i] += per[t * n + i];
            }
        }
        if (!perInterval) {
            double[] phi = pass(acc, n);
            period = new double[n];
            for (int i = 0; i < n; i++) {
                period[i] = -phi[i];
                total[i] -= phi[i];
            }
        }
        return new ShapleyResult(total, per, period, new double[n], 0, 0, mixed, true);
    }

    /** Shapley values of a game given by its value on every subset of m players ({@code value[mask]}). */
    static double[] pass(double[] value, int m) {
        double[] w = weights(m);
        double[] phi = new double[m];
        int size = 1 << m;
        for (int i = 0; i < m; i++) {
            int bit = 1 << i;
            double s = 0;
            for (int mask = 0; mask < size; mask++) {
                if ((mask & bit) == 0) {
                    s += w[Integer.bitCount(mask)] * (value[mask | bit] - value[mask]);
                }
            }
            phi[i] = s;
        }
        return phi;
    }

    /** w(s) = s!(m−s−1)!/m! for s = 0 … m−1, by the ratio w(s)/w(s−1) = s/(m−s) to avoid huge factorials. */
    static double[] weights(int m) {
        double[] w = new double[Math.max(m, 1)];
        if (m == 0) {
            return w;
        }
        w[0] = 1.0 / m;
        for (int s = 1; s < m; s++) {
            w[s] = w[s - 1] * s / (m - s);
        }
        return w;
    }
}
