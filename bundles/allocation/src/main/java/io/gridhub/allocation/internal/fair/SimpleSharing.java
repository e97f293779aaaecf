package io.gridhub.allocation.internal.fair;

/**
 * The two simple ways to share the community's savings, per interval so that the lines add up to the totals:
 * equal (v^t(N)/n each) and proportional (v^t(N) in proportion to |net_i(t)|, the energy each member brings to
 * the community's exchange in that interval).
 */
public final class SimpleSharing {
    private SimpleSharing() {}

    public static double[] equal(SavingsGame game) {
        double[] v = game.intervalSavings();
        int n = game.n;
        double[] per = new double[n * game.intervals];
        for (int t = 0; t < game.intervals; t++) {
            for (int i = 0; i < n; i++) {
                per[t * n + i] = v[t] / n;
            }
        }
        return per;
    }

    public static double[] proportional(SavingsGame game) {
        double[] v = game.intervalSavings();
        int n = game.n;
        double[] per = new double[n * game.intervals];
        for (int t = 0; t < game.intervals; t++) {
            double w = 0;
            for (int i = 0; i < n; i++) {
                w += Math.abs(game.net[t * n + i]);
            }
            for (int i = 0; i < n; i++) {
                per[t * n + i] = w > 0 ? v[t] * Math.abs(game.net[t * n + i]) / w : v[t] / n;
            }
        }
        return per;
    }

    public static double[] totals(double[] per, int n) {
        double[] total = new double[n];
        for (int k = 0; k < per.length; k++) {
            total[k % n] += per[k];
        }
        return total;
    }
}
