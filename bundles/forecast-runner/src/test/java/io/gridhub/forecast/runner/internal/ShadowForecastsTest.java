package io.gridhub.forecast.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.model.TimeSeries;
import io.gridhub.api.strategy.ShadowComparison;
import io.gridhub.api.strategy.ShadowFigure;
import io.gridhub.api.strategy.ShadowPoint;
import io.gridhub.api.strategy.StrategyRole;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShadowForecastsTest {
    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");
    private static final Duration STEP = Duration.ofMinutes(30);

    /** Measured load: 1200 W over [T, T+30 min), 900 W over the next half hour, nothing known after. */
    private static final Map<Instant, Double> MEASURED = Map.of(T, 1200.0, T.plus(STEP), 900.0);

    private static double actual(String target, Instant at) {
        return target.equals("demo.load") ? MEASURED.getOrDefault(at, Double.NaN) : Double.NaN;
    }

    /** The figures of a comparison where the load was measured on {@code n} steps and the PV never. */
    static List<ShadowFigure> loadAndUnmeasuredPv(double maeA, double maeS, double biasA, double biasS, int n) {
        return List.of(
                new ShadowFigure("mae", "demo.load", "kW", maeA, maeS, n),
                new ShadowFigure("bias", "demo.load", "kW", biasA, biasS, n),
                new ShadowFigure("mae", "demo.pv", "kW", Double.NaN, Double.NaN, 0),
                new ShadowFigure("bias", "demo.pv", "kW", Double.NaN, Double.NaN, 0));
    }

    private static TimeSeries series(Instant start, double... w) {
        return new TimeSeries(start, STEP, "W", start, w);
    }

    @Test
    void maeAndBiasOfBothForecastsOnTheMeasuredStepsInKw() {
        ShadowForecasts s = new ShadowForecasts(Duration.ofDays(7));
        // Step 2 has no actual and step 1 no shadow value: only step 0 of the run at T and step 0 of the run at
        // T+30 min (the 900 W half hour) count.
        s.add("demo.load", T, "a 1", "s 1", series(T, 1000, 2000, 3000), series(T, 1500, Double.NaN, 0));
        s.add("demo.load", T.plus(STEP), "a 1", "s 1", series(T.plus(STEP), 800, 0), series(T.plus(STEP), 1900, 0));
        // PV: forecast, never measured.
        s.add("demo.pv", T, "a 1", "s 1", series(T, 10), series(T, 20));

        ShadowComparison c =
                s.compare("a 1", "s 1", T, ShadowForecastsTest::actual).orElseThrow();

        // Active: errors 1000 - 1200 = -200 and 800 - 900 = -100 W: MAE 150 W, bias -150 W.
        // Shadow: errors 1500 - 1200 = 300 and 1900 - 900 = 1000 W: MAE 650 W, bias 650 W.
        assertThat(c.figures()).isEqualTo(loadAndUnmeasuredPv(0.15, 0.65, -0.15, 0.65, 2));
        // The points behind the figures: the two compared steps, in W.
        assertThat(c.points())
                .containsExactly(
                        new ShadowPoint("demo.load", T, 1200, 1000, 1500),
                        new ShadowPoint("demo.load", T.plus(STEP), 900, 800, 1900));
        assertThat(c.role()).isEqualTo(StrategyRole.FORECAST);
        assertThat(c.active()).isEqualTo("a 1");
        assertThat(c.shadow()).isEqualTo("s 1");
        assertThat(c.from()).isEqualTo(T);
        assertThat(c.to()).isEqualTo(T.plus(STEP));
        assertThat(c.cycles()).isEqualTo(2);
    }

    @Test
    void theNewestRunPerIssueTimeCountsAndTheRunsItStandsForAreCycles() {
        ShadowForecasts s = new ShadowForecasts(Duration.ofDays(7));
        s.add("demo.load", T, "a 1", "s 1", series(T, 0), series(T, 0));
        s.add("demo.load", T.plusSeconds(900), "a 1", "s 1", series(T, 1000), series(T, 1300));
        ShadowComparison c =
                s.compare("a 1", "s 1", T, ShadowForecastsTest::actual).orElseThrow();
        assertThat(c.figures().get(0)).isEqualTo(new ShadowFigure("mae", "demo.load", "kW", 0.2, 0.1, 1));
        assertThat(c.cycles()).isEqualTo(2);
        assertThat(c.to()).isEqualTo(T.plusSeconds(900));
    }

    @Test
    void runsBeforeTheShadowPeriodOrWithAnotherPairAreLeftOut() {
        ShadowForecasts s = new ShadowForecasts(Duration.ofDays(7));
        s.add("demo.load", T, "a 1", "s 1", series(T, 0), series(T, 0));
        s.add("demo.load", T.plus(STEP), "a 0", "s 1", series(T.plus(STEP), 0), series(T.plus(STEP), 0));
        assertThat(s.compare("a 1", "s 1", T.plusSeconds(1), ShadowForecastsTest::actual))
                .as("before the period")
                .isEmpty();
        ShadowComparison c =
                s.compare("a 1", "s 1", T, ShadowForecastsTest::actual).orElseThrow();
        assertThat(c.cycles()).isEqualTo(1);
        assertThat(c.note()).contains("1 runs with another active or shadow version left out");
        assertThat(s.compare("a 1", "s 2", T, ShadowForecastsTest::actual)).isEmpty();
    }

    @Test
    void runsOlderThanTheKeptDaysAreDropped() {
        ShadowForecasts s = new ShadowForecasts(Duration.ofDays(1));
        s.add("demo.load", T, "a 1", "s 1", series(T, 0), series(T, 0));
        Instant later = T.plus(Duration.ofDays(1)).plus(STEP);
        s.add("demo.load", later, "a 1", "s 1", series(later, 0), series(later, 0));
        assertThat(s.compare("a 1", "s 1", T, ShadowForecastsTest::actual)
                        .orElseThrow()
                        .cycles())
                .isEqualTo(1);
    }
}
