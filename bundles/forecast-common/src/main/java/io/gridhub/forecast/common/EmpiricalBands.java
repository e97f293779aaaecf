package io.gridhub.forecast.common;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * P10/P90 for a point forecaster from its own recent errors: the forecaster is re-run as if issued on each of the
 * last {@code days} days (seeing only what was known then), and the 10th and 90th percentiles of its residuals
 * per lead time (pooled with the neighbouring lead times) are added to the P50.
 */
public final class EmpiricalBands {
    /** A point forecast of {@code steps} values from {@code y[0 .. issue)} only. */
    @FunctionalInterface
    public interface PointModel {
        double[] predict(double[] y, int issue, int steps);
    }

    private EmpiricalBands() {}

    /** {@code {p10, p90}} around {@code p50}; without enough past errors the band is the P50 itself. */
    public static double[][] around(double[] p50, double[] y, int issue, int period, int days, PointModel model) {
        int steps = p50.length;
        List<List<Double>> residuals = new ArrayList<>();
        for (int h = 0; h < steps; h++) {
            residuals.add(new ArrayList<>());
        }
        int lag = period > 0 ? period : steps;
        for (int d = 1; d <= days; d++) {
            int pseudo = issue - d * lag;
            if (pseudo <= 0) {
                break;
            }
            double[] f = model.predict(y, pseudo, steps);
            for (int h = 0; h < steps && pseudo + h < issue; h++) {
                double a = y[pseudo + h];
                if (!Double.isNaN(a) && !Double.isNaN(f[h])) {
                    residuals.get(h).add(a - f[h]);
                }
            }
        }
        double[] p10 = p50.clone();
        double[] p90 = p50.clone();
        for (int h = 0; h < steps; h++) {
            List<Double> pool = new ArrayList<>();
            for (int k = Math.max(0, h - 1); k <= Math.min(steps - 1, h + 1); k++) {
                pool.addAll(residuals.get(k));
            }
            if (pool.size() >= 5 && !Double.isNaN(p50[h])) {
                double[] r = pool.stream().mapToDouble(Double::doubleValue).toArray();
                Arrays.sort(r);
                p10[h] = p50[h] + quantile(r, 0.1);
                p90[h] = p50[h] + quantile(r, 0.9);
            }
        }
        return new double[][] {p10, p90};
    }

    /** Linear-interpolated quantile of sorted values. */
    public static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
