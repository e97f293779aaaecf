package io.gridhub.forecast.baselines.internal;

import io.gridhub.api.forecast.Forecast;
import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.forecast.common.EmpiricalBands;
import io.gridhub.forecast.common.Forecasts;
import io.gridhub.forecast.common.Frame;

/**
 * The three baselines, each the mean of the {@code count} most recent known values at the same time of day
 * {@code days}, 2·{@code days}, … before the target (a mean of one value is that value). A missing value (a gap) is
 * skipped: the next older one at the same time of day is used instead.
 */
public enum Baseline {
    /** The value one day earlier (or more days, for a horizon beyond a day). */
    PERSISTENCE("persistence", 1, 1),
    /** The value one week earlier (or more weeks). */
    SAME_TIME_LAST_WEEK("same-time-last-week", 7, 1),
    /** The mean of the last four values on the same weekday at the same time. */
    MEAN_OF_4_SAME_WEEKDAYS("mean-4-same-weekdays", 7, 4);

    /** Days of past errors behind the P10/P90 band. */
    static final int BAND_DAYS = 28;

    private static final int MAX_BACK = 8;

    private final String label;
    private final int days;
    private final int count;

    Baseline(String label, int days, int count) {
        this.label = label;
        this.days = days;
        this.count = count;
    }

    /** The strategy name, e.g. {@code persistence}. */
    public String label() {
        return label;
    }

    /** The baseline as a plain function of the history, for series with {@code period} values a day. */
    public EmpiricalBands.PointModel model(int period) {
        int lag = days * Math.max(1, period);
        return (y, issue, steps) -> {
            double[] f = new double[steps];
            for (int h = 0; h < steps; h++) {
                f[h] = Frame.meanBack(y, issue + h, issue, lag, count, MAX_BACK);
            }
            return f;
        };
    }

    /** The mean of the known values before {@code issue}; 0 when none is known. */
    static double knownMean(double[] y, int issue) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < Math.min(issue, y.length); i++) {
            if (Double.isFinite(y[i])) {
                sum += y[i];
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    /** The forecast of this baseline with P10/P90 from its own errors over the last four weeks. */
    Forecast forecast(ForecastRequest request) {
        Frame f = Frame.of(request);
        EmpiricalBands.PointModel m = model(f.period());
        double[] p50 = m.predict(f.y(), f.issue(), f.steps());
        double[][] band = EmpiricalBands.around(p50, f.y(), f.issue(), f.period(), BAND_DAYS, m);
        // No value at that time of day within reach (a young hub, a long gap): the mean of what is known, 0 without
        // anything; the band then collapses onto it. A forecast is never NaN (OutputChecks would quarantine it).
        double known = knownMean(f.y(), f.issue());
        for (int h = 0; h < p50.length; h++) {
            if (!Double.isFinite(p50[h])) {
                p50[h] = known;
            }
        }
        return Forecasts.of(label, request, band[0], p50, band[1]);
    }
}
