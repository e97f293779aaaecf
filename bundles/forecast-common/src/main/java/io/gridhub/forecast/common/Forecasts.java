package io.gridhub.forecast.common;

import io.gridhub.api.forecast.Forecast;
import io.gridhub.api.forecast.ForecastKind;
import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.api.model.TimeSeries;
import java.util.Arrays;

/** Builds the {@link Forecast} record from quantile arrays. */
public final class Forecasts {
    private Forecasts() {}

    /**
     * The forecast over the request's horizon. The P50 is kept as given; P10 and P90 are widened to include it
     * (independently fitted quantiles may cross it, and a biased model's error band may not contain it). Loads and
     * PV are clipped at 0 (they cannot be negative; prices can).
     */
    public static Forecast of(String model, ForecastRequest r, double[] p10, double[] p50, double[] p90) {
        int n = r.steps();
        double[] a = Arrays.copyOf(p10, n);
        double[] b = Arrays.copyOf(p50, n);
        double[] c = Arrays.copyOf(p90, n);
        boolean nonNegative = r.kind() == ForecastKind.LOAD || r.kind() == ForecastKind.PV;
        for (int i = 0; i < n; i++) {
            double[] q = {a[i], b[i], c[i]};
            if (!Double.isNaN(q[1])) {
                q[0] = Double.isNaN(q[0]) ? q[1] : Math.min(q[0], q[1]);
                q[2] = Double.isNaN(q[2]) ? q[1] : Math.max(q[2], q[1]);
            }
            for (int j = 0; j < 3; j++) {
                if (nonNegative && q[j] < 0) {
                    q[j] = 0;
                }
            }
            a[i] = q[0];
            b[i] = q[1];
            c[i] = q[2];
        }
        TimeSeries h = r.history();
        return new Forecast(model, series(r, h, a), series(r, h, b), series(r, h, c));
    }

    private static TimeSeries series(ForecastRequest r, TimeSeries h, double[] v) {
        return new TimeSeries(r.issueTime(), h.step(), h.unit(), r.issueTime(), v);
    }
}
