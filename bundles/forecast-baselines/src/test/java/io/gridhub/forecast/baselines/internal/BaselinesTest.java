package io.gridhub.forecast.baselines.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.forecast.Forecast;
import io.gridhub.api.forecast.ForecastKind;
import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.api.forecast.Forecaster;
import io.gridhub.api.model.TimeSeries;
import io.gridhub.api.strategy.OutputChecks;
import io.gridhub.api.strategy.StrategyRole;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A small series by hand: 6-hour steps (4 per day), 30 days, value = index (so a value names its own position).
 * Issue at index 120 (day 30, 00:00); the day-ahead horizon is indices 120–123.
 */
class BaselinesTest {
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final Duration STEP = Duration.ofHours(6);

    private static double[] series(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return v;
    }

    private static Forecast run(Forecaster f, double[] history) {
        Instant issue = START.plus(STEP.multipliedBy(history.length));
        return f.forecast(new ForecastRequest(
                "load",
                ForecastKind.LOAD,
                new TimeSeries(START, STEP, "kWh", issue, history),
                Map.of(),
                issue,
                Duration.ofDays(1),
                ZoneOffset.UTC,
                null));
    }

    @Test
    void persistenceRepeatsYesterday() {
        // Target 120+h ← 116+h.
        assertThat(run(new BaselineForecaster(Baseline.PERSISTENCE), series(120))
                        .p50()
                        .values())
                .containsExactly(116, 117, 118, 119);
    }

    @Test
    void sameTimeLastWeekRepeatsLastWeek() {
        // Target 120+h ← 120+h−28 = 92+h.
        assertThat(run(new BaselineForecaster(Baseline.SAME_TIME_LAST_WEEK), series(120))
                        .p50()
                        .values())
                .containsExactly(92, 93, 94, 95);
    }

    @Test
    void meanOfLast4SameWeekdays() {
        // (92 + 64 + 36 + 8) / 4 = 50, plus h.
        assertThat(run(new BaselineForecaster(Baseline.MEAN_OF_4_SAME_WEEKDAYS), series(120))
                        .p50()
                        .values())
                .containsExactly(50, 51, 52, 53);
    }

    @Test
    void aGapFallsBackToTheNextOlderSameTimeValue() {
        double[] v = series(120);
        v[116] = Double.NaN;
        v[64] = Double.NaN;
        assertThat(run(new BaselineForecaster(Baseline.PERSISTENCE), v).p50().values())
                .containsExactly(112, 117, 118, 119);
        // Without 64 the same-weekday values before the issue are 92, 36 and 8; the series has no fourth.
        assertThat(run(new BaselineForecaster(Baseline.MEAN_OF_4_SAME_WEEKDAYS), v)
                        .p50()
                        .value(0))
                .isEqualTo((92 + 36 + 8) / 3.0);
    }

    @Test
    void withNothingWithinReachTheKnownMeanAndWithNothingKnownZeroNeverNaN() {
        // Two values of history (indices 0 and 1, 6 h apart): the first two steps a day ahead reach nothing a day
        // before them and get the known mean, 0.5; the last two repeat indices 0 and 1.
        Forecast young = run(new BaselineForecaster(Baseline.PERSISTENCE), series(2));
        assertThat(young.p50().values()).containsExactly(0.5, 0.5, 0, 1);
        assertThat(OutputChecks.forecast(request(2), young)).isEmpty();
        double[] gaps = {Double.NaN, Double.NaN, Double.NaN};
        assertThat(run(new BaselineForecaster(Baseline.SAME_TIME_LAST_WEEK), gaps)
                        .p50()
                        .values())
                .containsExactly(0, 0, 0, 0);
        Forecast none = run(new BaselineForecaster(Baseline.MEAN_OF_4_SAME_WEEKDAYS), new double[0]);
        assertThat(OutputChecks.forecast(request(0), none)).isEmpty();
    }

    @Test
    void aYoungHubsMinuteHistoryForecastsItsKnownMean() {
        // As the forecast runner asks a hub up for a minute: two days of one-minute steps, the last two known.
        Duration minute = Duration.ofMinutes(1);
        double[] h = new double[2880];
        Arrays.fill(h, Double.NaN);
        h[2878] = 1000;
        h[2879] = 2000;
        Instant issue = START.plus(minute.multipliedBy(h.length));
        ForecastRequest r = new ForecastRequest(
                "it.load",
                ForecastKind.LOAD,
                new TimeSeries(START, minute, "W", issue, h),
                Map.of(),
                issue,
                Duration.ofHours(1),
                ZoneOffset.UTC,
                null);
        for (Baseline b : Baseline.values()) {
            Forecast f = new BaselineForecaster(b).forecast(r);
            assertThat(OutputChecks.forecast(r, f)).as(b.label()).isEmpty();
            assertThat(f.p50().value(0)).as(b.label()).isEqualTo(1500);
        }
    }

    private static ForecastRequest request(int historyLength) {
        Instant issue = START.plus(STEP.multipliedBy(historyLength));
        return new ForecastRequest(
                "load",
                ForecastKind.LOAD,
                new TimeSeries(START, STEP, "kWh", issue, new double[historyLength]),
                Map.of(),
                issue,
                Duration.ofDays(1),
                ZoneOffset.UTC,
                null);
    }

    @Test
    void bandsComeFromTheBaselinesOwnPastErrors() {
        // On value = index, persistence is always exactly 4 too low: both error quantiles are +4, so the P90 is
        // P50 + 4 and the P10, which may not lie above the P50, is the P50.
        Forecast f = run(new BaselineForecaster(Baseline.PERSISTENCE), series(120));
        assertThat(f.p50().values()).containsExactly(116, 117, 118, 119);
        assertThat(f.p10().values()).containsExactly(116, 117, 118, 119);
        assertThat(f.p90().values()).containsExactly(120, 121, 122, 123);
        assertThat(f.model()).isEqualTo("persistence");
        assertThat(f.p50().start()).isEqualTo(START.plus(STEP.multipliedBy(120)));
    }

    @Test
    void identityAndRole() {
        Forecaster[] all =
                Arrays.stream(Baseline.values()).map(BaselineForecaster::new).toArray(Forecaster[]::new);
        assertThat(Arrays.stream(all).map(Forecaster::name))
                .containsExactly("persistence", "same-time-last-week", "mean-4-same-weekdays");
        assertThat(all).allSatisfy(f -> {
            assertThat(f.role()).isEqualTo(StrategyRole.FORECAST);
            assertThat(f.version()).isEqualTo("1.0.0");
        });
    }
}
