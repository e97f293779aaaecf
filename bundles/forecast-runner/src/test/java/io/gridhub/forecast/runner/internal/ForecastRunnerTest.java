package io.gridhub.forecast.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.api.forecast.Forecaster;
import io.gridhub.api.forecast.PublishedForecast;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import io.gridhub.api.model.TimeSeries;
import io.gridhub.api.registry.TopologyProvider;
import io.gridhub.api.strategy.StrategyRegistry;
import io.gridhub.forecast.baselines.internal.Baseline;
import io.gridhub.forecast.baselines.internal.BaselineForecaster;
import io.gridhub.testkit.FakeBus;
import io.gridhub.testkit.FakeStrategies;
import io.gridhub.testkit.Settings;
import io.gridhub.testkit.SteppingClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastRunnerTest {
    @TempDir
    Path dir;

    private static final Instant NOW = Instant.parse("2026-11-23T10:17:00Z");

    private final FakeBus bus = new FakeBus();
    private final SteppingClock clock = SteppingClock.at(NOW);

    private static StrategyRegistry registry(Forecaster f) {
        FakeStrategies r = new FakeStrategies();
        return f == null ? r : r.activate(f);
    }

    /** The demo community's settings with a seed file ({@code ""}: none), then {@code more} key, value pairs. */
    static ForecastRunner.Config config(String seed, Object... more) {
        List<Object> kv = new ArrayList<>(List.of(
                "community",
                "demo",
                "periodSeconds",
                900,
                "initialDelaySeconds",
                0,
                "intervalMinutes",
                30,
                "horizonHours",
                24,
                "historyDays",
                7,
                "seedFile",
                seed,
                "seedLoadScale",
                2,
                "seedPvPeakW",
                0,
                "latitude",
                -33.95,
                "longitude",
                151.18,
                "zone",
                "Australia/Sydney"));
        kv.addAll(Arrays.asList(more));
        return Settings.of(ForecastRunner.Config.class, kv.toArray());
    }

    private static ForecastRunner.Config config(Path seed) {
        return config(seed.toString());
    }

    private Path seed() throws Exception {
        StringBuilder sb = new StringBuilder("interval_start_local,load_kWh,pv_kWh\n");
        for (int i = 0; i < 48; i++) {
            sb.append("2012-01-01T00:00:00,").append(i).append(",0\n");
        }
        return Files.writeString(dir.resolve("seed.csv"), sb.toString());
    }

    @Test
    void runsTheActiveStrategyForLoadAndPvFromTheSeedWhenTheBusHasNoHistory() throws Exception {
        TopologyProvider none = List::of;
        ForecastRunner r = new ForecastRunner(
                bus, none, registry(new BaselineForecaster(Baseline.PERSISTENCE)), config(seed()), clock, false);
        List<PublishedForecast> out = r.runOnce();
        assertThat(out).extracting(PublishedForecast::target).containsExactly("demo.load", "demo.pv");
        PublishedForecast load = r.latest().get(0);
        assertThat(load.strategy()).isEqualTo("persistence");
        assertThat(load.version()).isEqualTo("1.0.0");
        // Issued at the start of the current half hour, 48 steps.
        assertThat(load.forecast().p50().start()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
        assertThat(load.forecast().p50().size()).isEqualTo(48);
        assertThat(load.forecast().p50().unit()).isEqualTo("W");
        // The seed looped by local time: 10:00Z is 21:00 in Sydney (AEDT), the seed's row 42; load × 2000 W/kWh ×
        // scale 2; persistence repeats it.
        assertThat(load.forecast().p50().value(0)).isEqualTo(42 * 2000.0 * 2);
        assertThat(load.computedAt()).isEqualTo(NOW);
        // The clock, not the system's, says which half hour a run forecasts from.
        clock.advance(Duration.ofMinutes(20));
        r.runOnce();
        assertThat(r.latest().get(0).forecast().p50().start()).isEqualTo(Instant.parse("2026-11-23T10:30:00Z"));
        assertThat(r.latest().get(0).computedAt()).isEqualTo(NOW.plus(Duration.ofMinutes(20)));
        r.deactivate();
    }

    @Test
    void withoutAnActiveStrategyNothingIsForecast() throws Exception {
        ForecastRunner r = new ForecastRunner(bus, List::of, registry(null), config(seed()), clock, false);
        assertThat(r.runOnce()).isEmpty();
        assertThat(r.latest()).isEmpty();
    }

    @Test
    void weatherForecastsFromTheBusReachTheStrategyOverTheHorizonTheNewestWinning() throws Exception {
        List<ForecastRequest> seen = new ArrayList<>();
        FakeForecaster spy = new FakeForecaster("spy", "1.0.0", req -> {
            seen.add(req);
            return FakeForecaster.filled(req, 1);
        });
        String point = "demo.weather.forecast.temperature";
        ForecastRunner r = new ForecastRunner(
                bus,
                List::of,
                registry(spy),
                config(seed().toString(), "weatherForecasts", "temperature=" + point + ", ghi=demo.weather.ghi"),
                clock,
                false);
        Instant at11 = Instant.parse("2026-11-23T11:00:00Z");
        bus.publish(List.of(
                Sample.good(PointId.of(point), 20, at11),
                Sample.good(PointId.of(point), 22, at11.plus(Duration.ofHours(1))),
                Sample.good(PointId.of("demo.other"), 99, at11)));
        bus.publish(List.of(Sample.good(PointId.of(point), 24, at11.plus(Duration.ofHours(1))))); // a newer forecast
        r.runOnce();
        assertThat(seen).hasSize(2);
        TimeSeries t = seen.get(0).exogenous().get("forecast_temperature");
        assertThat(seen.get(0).exogenous()).containsOnlyKeys("forecast_temperature");
        int issue = 7 * 48; // issued at 10:00Z after 7 days of history
        assertThat(t.size()).isEqualTo(issue + 48);
        assertThat(t.value(issue + 1)).as("10:30").isNaN();
        assertThat(t.value(issue + 2)).as("11:00").isEqualTo(20);
        assertThat(t.value(issue + 3)).as("11:30, between the hours").isEqualTo(22);
        assertThat(t.value(issue + 4)).as("12:00, the newer forecast").isEqualTo(24);
        assertThat(t.value(issue + 5)).isNaN();
        r.deactivate();
        assertThatThrownBy(() -> new ForecastRunner(
                        bus, List::of, registry(spy), config("", "weatherForecasts", "temperature"), clock, false))
                .hasMessageContaining("'temperature' is not NAME=POINT");
    }

    @Test
    void intervalHistoryAveragesPerInterval() {
        IntervalHistory h = new IntervalHistory(1800, 3);
        h.add(0, 10);
        h.add(900, 20);
        h.add(1800, 5);
        assertThat(h.average(0)).isEqualTo(15);
        assertThat(h.average(1)).isEqualTo(5);
        assertThat(h.average(2)).isNaN();
        h.add(3600, 1);
        h.add(5400, 1);
        assertThat(h.size()).isEqualTo(3);
        assertThat(h.average(0)).as("dropped beyond keep").isNaN();
    }
}
