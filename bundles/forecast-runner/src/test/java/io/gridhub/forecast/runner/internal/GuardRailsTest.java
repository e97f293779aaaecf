package io.gridhub.forecast.runner.internal;

import static io.gridhub.forecast.runner.internal.FakeForecaster.constant;
import static io.gridhub.forecast.runner.internal.FakeForecaster.filled;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.api.forecast.Forecaster;
import io.gridhub.api.forecast.PublishedForecast;
import io.gridhub.api.strategy.StrategyRole;
import io.gridhub.testkit.FakeBus;
import io.gridhub.testkit.FakeStrategies;
import io.gridhub.testkit.SteppingClock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A forecaster that throws, overruns its budget or returns invalid output is quarantined; the one before runs. */
class GuardRailsTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:17:00Z");

    private final FakeStrategies strategies = new FakeStrategies();
    private final FakeForecaster good = constant("good", "1.0.0", 1000);
    private ForecastRunner runner;

    private ForecastRunner runner() throws Exception {
        runner = new ForecastRunner(
                new FakeBus(),
                List::of,
                strategies,
                ForecastRunnerTest.config("", "strategyBudgetSeconds", 0.2),
                SteppingClock.at(NOW),
                false);
        return runner;
    }

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.deactivate();
        }
    }

    private static FakeForecaster bad(Function<ForecastRequest, double[]> body) {
        return new FakeForecaster("bad", "2.0.0", body);
    }

    /** The runner publishes good's forecasts for both targets in the run where bad failed, and good is active. */
    private void assertGoodTookOver(List<PublishedForecast> out) {
        assertThat(out).extracting(PublishedForecast::target).containsExactly("demo.load", "demo.pv");
        assertThat(out).allSatisfy(p -> {
            assertThat(p.strategy() + " " + p.version()).isEqualTo("good 1.0.0");
            assertThat(p.forecast().p50().value(0)).isEqualTo(1000);
        });
        assertThat(runner.latest()).isEqualTo(out);
        assertThat(strategies.active(StrategyRole.FORECAST, Forecaster.class)).containsSame(good);
    }

    @Test
    void aForecasterThatThrowsIsQuarantinedAndThePreviousOnePublishes() throws Exception {
        strategies.activate(good).activate(bad(r -> {
            throw new IllegalStateException("boom");
        }));
        List<PublishedForecast> out = runner().runOnce();
        assertThat(strategies.quarantined()).hasSize(1);
        assertThat(strategies.quarantined().get(0))
                .isEqualTo("bad 2.0.0: threw java.lang.IllegalStateException: boom (forecasting demo.load)");
        assertGoodTookOver(out);
    }

    /** With good active before it, bad (made of {@code body}) is quarantined for {@code why}; good publishes. */
    private void quarantinedInFavourOfGood(Function<ForecastRequest, double[]> body, String why) throws Exception {
        strategies.activate(good).activate(bad(body));
        List<PublishedForecast> out = runner().runOnce();
        assertThat(strategies.quarantined()).containsExactly("bad 2.0.0: " + why + " (forecasting demo.load)");
        assertGoodTookOver(out);
    }

    @Test
    void aForecasterOverItsTimeBudgetIsQuarantinedAndThePreviousOnePublishes() throws Exception {
        long t0 = System.nanoTime();
        quarantinedInFavourOfGood(
                r -> {
                    try {
                        Thread.sleep(10_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return filled(r, 5);
                },
                "overran its time budget of 200 ms");
        assertThat((System.nanoTime() - t0) / 1e9)
                .as("waited about the budget, not the call")
                .isLessThan(5);
    }

    @Test
    void aForecastWithNaNIsInvalidOutput() throws Exception {
        quarantinedInFavourOfGood(
                r -> {
                    double[] v = filled(r, 5);
                    v[3] = Double.NaN;
                    return v;
                },
                "returned an invalid forecast: P50 is NaN at step 3 (2026-11-23T11:30:00Z)");
    }

    @Test
    void aForecastOfTheWrongLengthIsInvalidOutput() throws Exception {
        quarantinedInFavourOfGood(
                r -> Arrays.copyOf(filled(r, 5), r.steps() - 1),
                "returned an invalid forecast: P50 has 47 values, the request asks for 48");
    }

    @Test
    void withNoVersionBeforeItNothingIsPublishedAndTheNextRunsStayQuiet() throws Exception {
        strategies.activate(bad(r -> {
            throw new IllegalStateException("boom");
        }));
        ForecastRunner r = runner();
        assertThat(r.runOnce()).isEmpty();
        assertThat(r.latest()).isEmpty();
        assertThat(r.runOnce()).isEmpty();
        assertThat(strategies.quarantined()).hasSize(1);
    }

    @Test
    void aShadowThatFailsIsQuarantinedAndTheActiveKeepsPublishing() throws Exception {
        strategies.activate(good).shadow(bad(r -> {
            throw new IllegalStateException("boom");
        }));
        ForecastRunner r = runner();
        assertGoodTookOver(r.runOnce());
        assertThat(strategies.quarantined()).hasSize(1).allMatch(q -> q.startsWith("bad 2.0.0: threw"));
        assertThat(strategies.shadow(StrategyRole.FORECAST, Forecaster.class)).isEmpty();
        assertThat(r.compare()).isEmpty();
        assertGoodTookOver(r.runOnce());
    }
}
