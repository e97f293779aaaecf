package ${package};

import io.gridhub.api.forecast.Forecast;
import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.api.forecast.Forecaster;
import io.gridhub.api.model.TimeSeries;
import io.gridhub.api.strategy.Strategy;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.osgi.service.component.annotations.Component;

/**
 * The ${strategyName} forecast strategy. As generated: each step is forecast from the same time of day on the
 * last {@value #DAYS} days of history (median as P50, the 10th and 90th percentiles as P10 and P90); a step with no
 * such value gets the mean of the whole history, and a forecaster with no history at all forecasts 0. Replace
 * {@link #forecast} with your model; keep the contract (its test) passing.
 */
@Component(service = {Forecaster.class, Strategy.class})
public final class SimpleForecaster implements Forecaster {
    /** How many past days the same time of day is taken from. */
    static final int DAYS = 7;

    private static final Duration DAY = Duration.ofDays(1);

    private final Identity identity = Identity.load();

    @Override
    public String name() {
        return identity.name();
    }

    @Override
    public String version() {
        return identity.version();
    }

    @Override
    public Forecast forecast(ForecastRequest request) {
        TimeSeries history = request.history();
        int n = request.steps();
        double fallback = meanOfKnown(history);
        double[] p10 = new double[n];
        double[] p50 = new double[n];
        double[] p90 = new double[n];
        for (int i = 0; i < n; i++) {
            double[] same = sameTimeOnPastDays(history, request.issueTime().plus(history.step().multipliedBy(i)));
            if (same.length == 0) {
                p10[i] = fallback;
                p50[i] = fallback;
                p90[i] = fallback;
            } else {
                Arrays.sort(same);
                p10[i] = quantile(same, 0.1);
                p50[i] = quantile(same, 0.5);
                p90[i] = quantile(same, 0.9);
            }
        }
        return new Forecast(name(), series(request, p10), series(request, p50), series(request, p90));
    }

    /** The history's known values at the time of day of {@code t} on each of the {@value #DAYS} days before it. */
    private static double[] sameTimeOnPastDays(TimeSeries history, Instant t) {
        double[] out = new double[DAYS];
        int found = 0;
        long step = history.step().toNanos();
        for (int d = 1; d <= DAYS; d++) {
            long offset = Duration.between(history.start(), t.minus(DAY.multipliedBy(d))).toNanos();
            if (offset < 0 || offset % step != 0 || offset / step >= history.size()) {
                continue;
            }
            double v = history.value((int) (offset / step));
            if (Double.isFinite(v)) {
                out[found++] = v;
            }
        }
        return Arrays.copyOf(out, found);
    }

    private static double meanOfKnown(TimeSeries history) {
        return Arrays.stream(history.values()).filter(Double::isFinite).average().orElse(0);
    }

    /** The q-quantile of sorted values, interpolated linearly between the two nearest. */
    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private static TimeSeries series(ForecastRequest request, double[] values) {
        TimeSeries h = request.history();
        return new TimeSeries(request.issueTime(), h.step(), h.unit(), request.issueTime(), values);
    }
}
