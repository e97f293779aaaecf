package io.gridhub.api.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.forecast.Forecast;
import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.api.model.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForecastChecksTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration STEP = Duration.ofMinutes(15);
    private static final Instant ISSUE = T0.plus(Duration.ofDays(1));
    /** One day of history, four hours ahead: 16 values. */
    private static final ForecastRequest REQUEST =
            new ForecastRequest(series(T0, flat(96, 500)), Map.of(), ISSUE, Duration.ofHours(4));

    private static TimeSeries series(Instant start, double[] v) {
        return new TimeSeries(start, STEP, "W", start, v);
    }

    private static double[] flat(int n, double v) {
        double[] x = new double[n];
        Arrays.fill(x, v);
        return x;
    }

    private static Forecast forecast(double[] p10, double[] p50, double[] p90) {
        return new Forecast("m", series(ISSUE, p10), series(ISSUE, p50), series(ISSUE, p90));
    }

    @Test
    void aForecastOfTheAskedLengthFromTheIssueTimeWithOrderedQuantilesIsValid() {
        assertThat(OutputChecks.forecast(REQUEST, forecast(flat(16, 400), flat(16, 500), flat(16, 600))))
                .isEmpty();
        // A point forecast: P10 and P90 default to the P50.
        assertThat(OutputChecks.forecast(REQUEST, new Forecast("m", null, series(ISSUE, flat(16, 5)), null)))
                .isEmpty();
    }

    @Test
    void nullWrongLengthStartAndStepAreNamed() {
        assertThat(OutputChecks.forecast(REQUEST, null)).containsExactly("no forecast: the strategy returned null");
        assertThat(OutputChecks.forecast(REQUEST, new Forecast("m", null, series(ISSUE, flat(15, 5)), null)))
                .containsExactly("P50 has 15 values, the request asks for 16");
        assertThat(OutputChecks.forecast(REQUEST, new Forecast("m", null, series(ISSUE.plus(STEP), flat(16, 5)), null)))
                .containsExactly("P50 starts at 2026-01-02T00:15:00Z, not at the issue time 2026-01-02T00:00:00Z");
        TimeSeries hourly = new TimeSeries(ISSUE, Duration.ofHours(1), "W", ISSUE, flat(16, 5));
        assertThat(OutputChecks.forecast(REQUEST, new Forecast("m", null, hourly, null)))
                .containsExactly("P50 has step PT1H, not the history's PT15M");
    }

    @Test
    void nanAndInfinityAreNamedWithTheirStepAndRepeatsAreCounted() {
        double[] p50 = flat(16, 500);
        p50[3] = Double.NaN;
        double[] p90 = flat(16, 600);
        p90[0] = Double.POSITIVE_INFINITY;
        assertThat(OutputChecks.forecast(REQUEST, forecast(flat(16, 400), p50, p90)))
                .contains(
                        "P50 is NaN at step 3 (2026-01-02T00:45:00Z)",
                        "P90 is Infinity at step 0 (2026-01-02T00:00:00Z)");
        List<String> allNaN =
                OutputChecks.forecast(REQUEST, new Forecast("m", null, series(ISSUE, flat(16, Double.NaN)), null));
        assertThat(allNaN).hasSize(Problems.PER_KIND + 1).last().isEqualTo("… and 11 more: P50 not finite");
    }

    @Test
    void crossedQuantilesAreNamed() {
        double[] p10 = flat(16, 400);
        p10[2] = 501;
        double[] p90 = flat(16, 600);
        p90[5] = 499.5;
        assertThat(OutputChecks.forecast(REQUEST, forecast(p10, flat(16, 500), p90)))
                .containsExactly(
                        "P10 501 above P50 500 at step 2 (2026-01-02T00:30:00Z)",
                        "P50 500 above P90 499.5 at step 5 (2026-01-02T01:15:00Z)");
    }
}
