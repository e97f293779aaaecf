package io.gridhub.forecast.baselines.internal;

import io.gridhub.api.forecast.Forecast;
import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.forecast.common.EmpiricalBands;
import io.gridhub.forecast.common.Frame;
import java.util.function.Function;

/**
 * The three baselines as plain functions of the history, each value taken at the same time of day before the
 * issue. A missing value (a gap) is skipped: the next older one at the same time of day is used instead.
 */
public final class Baselines {
    /** Days of past errors behind the P10/P90 band. */
    static final int BAND_DAYS = 28;

    private static final int MAX_BACK = 8;

    private Baselines() {}

    /** Persistence: the value one day earlier (or more days, for a horizon beyond a day). */
    public static EmpiricalBands.PointModel persistence(int period) {
        int lag = Math.max(1, period);
        return (y, issue, steps) -> {
            double[] f = new double[steps];
            for (int h = 0; h < steps; h++) {
                f[h] = Frame.back(y, issue + h, issue, lag, 1, MAX_BACK);
            }
            return f;
        };
    }

    /** The value one week earlier (or more weeks). */
    public static EmpiricalBands.PointModel sameTimeLastWeek(int period) {
        int lag = 7 * Math.max(1, period);
        return (y, issue, steps) -> {
            double[] f = new double[steps];
            for (int h = 0; h < steps; h++) {
                f[h] = Frame.back(y, issue + h, issue, lag, 1, MAX_BACK);
            }
            return f;
        };
    }

    /** The mean of the last four values on the same weekday at the same time. */
    public static EmpiricalBands.PointModel meanOfLast4SameWeekdays(int period) {
        int lag = 7 * Math.max(1, period);
        return (y, issue, steps) -> {
            double[] f = new double[steps];
            for (int h = 0; h < steps; h++) {
                f[h] = Frame.meanBack(y, issue + h, issue, lag, 4, MAX_BACK);
            }
            return f;
        };
    }

    /** The forecast of a baseline with P10/P90 from its own errors over the last four weeks. */
    static Forecast forecast(
            String name, ForecastRequest request, Function<Integer, EmpiricalBands.PointModel> baseline) {
        Frame f = Frame.of(request);
        EmpiricalBands.PointModel m = baseline.apply(f.period());
        double[] p50 = m.predict(f.y(), f.issue(), f.steps());
        double[][] band = EmpiricalBands.around(p50, f.y(), f.issue(), f.period(), BAND_DAYS, m);
        return io.gridhub.forecast.common.Forecasts.of(name, request, band[0], p50, band[1]);
    }
}
