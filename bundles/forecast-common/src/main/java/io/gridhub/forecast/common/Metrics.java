package io.gridhub.forecast.common;

/**
 * Accumulates forecast errors over the steps that have an actual value. MAPE skips actuals that are exactly 0
 * (it is undefined there); for PV and prices, whose actuals are often near 0, read MAE, RMSE and nMAE instead.
 * The band is scored by its coverage and by the pinball loss of its three quantiles.
 */
public final class Metrics {
    private long n;
    private double absSum;
    private double sqSum;
    private long mapeN;
    private double apeSum;
    private long bandN;
    private long inBand;
    private double pinballSum;

    /** Adds one step; ignored when the actual or the P50 is missing. */
    public void add(double p50, double actual, double p10, double p90) {
        if (Double.isNaN(actual) || Double.isNaN(p50)) {
            return;
        }
        double e = p50 - actual;
        n++;
        absSum += Math.abs(e);
        sqSum += e * e;
        if (actual != 0) {
            mapeN++;
            apeSum += Math.abs(e / actual);
        }
        if (!Double.isNaN(p10) && !Double.isNaN(p90)) {
            bandN++;
            if (actual >= p10 && actual <= p90) {
                inBand++;
            }
            pinballSum += (pinball(0.1, p10, actual) + pinball(0.5, p50, actual) + pinball(0.9, p90, actual)) / 3;
        }
    }

    public long count() {
        return n;
    }

    public double mae() {
        return n == 0 ? Double.NaN : absSum / n;
    }

    public double rmse() {
        return n == 0 ? Double.NaN : Math.sqrt(sqSum / n);
    }

    /** Mean absolute percentage error in %. */
    public double mape() {
        return mapeN == 0 ? Double.NaN : 100 * apeSum / mapeN;
    }

    /**
     * MAE of the interval's average power over a capacity, in %: for energy per interval,
     * {@code MAE × (3600 / stepSeconds) / capacity} (e.g. 30-minute kWh and kWp: MAE × 2 / capacity).
     */
    public double nmae(double capacity, long stepSeconds) {
        return 100 * mae() * (3600.0 / stepSeconds) / capacity;
    }

    /**
     * Mean pinball (quantile) loss of P10, P50 and P90, averaged over the three, over the steps with a band: in the
     * target's unit, lower is better; it rewards a band that is both calibrated and narrow (P50's term is half its
     * absolute error).
     */
    public double pinball() {
        return bandN == 0 ? Double.NaN : pinballSum / bandN;
    }

    /** The pinball loss of quantile {@code q} forecast as {@code predicted} when {@code actual} came. */
    public static double pinball(double q, double predicted, double actual) {
        double d = actual - predicted;
        return d >= 0 ? q * d : (q - 1) * d;
    }

    /** Share of actuals inside [P10, P90] in % (80 % for calibrated bands). */
    public double coverage() {
        return bandN == 0 ? Double.NaN : 100.0 * inBand / bandN;
    }
}
