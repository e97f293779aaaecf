package io.gridhub.drill.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gridhub.api.dispatch.BatteryParameters;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.drill.DrillException;
import io.gridhub.api.forecast.Forecast;
import io.gridhub.api.forecast.ForecastKind;
import io.gridhub.api.forecast.LatestForecasts;
import io.gridhub.api.forecast.PublishedForecast;
import io.gridhub.api.loop.ControlAuthority;
import io.gridhub.api.loop.OperatingLoop;
import io.gridhub.api.loop.PlanPerformance;
import io.gridhub.api.loop.PlanStatus;
import io.gridhub.api.loop.StageRun;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.Plan;
import io.gridhub.api.model.Site;
import io.gridhub.api.model.TimeSeries;
import io.gridhub.drill.DrillSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The live service's own rules: bounds, the forecasters' spread, the body's checks (the REST side: bundles/web). */
class LiveDrillsTest {
    private static final Instant T0 = Instant.parse("2026-12-07T18:00:00Z");
    private static final Duration STEP = Duration.ofHours(1);

    private static TimeSeries series(double v) {
        double[] a = new double[4];
        Arrays.fill(a, v);
        return new TimeSeries(T0, STEP, "W", T0, a);
    }

    /** One home with a 1 kW load and a 4 kWh battery, four hours. */
    private static final Scenario SCENARIO = new Scenario(
            "live",
            new Community(
                    "demo",
                    null,
                    List.of(new Member(
                            "m01",
                            null,
                            null,
                            List.of(new Site(
                                    "s",
                                    null,
                                    null,
                                    List.of(
                                            new Asset("m01-load", null, AssetKind.LOAD, 0, 0),
                                            new Asset("bat", null, AssetKind.BATTERY, 2000, 4000)))),
                            List.of())),
                    List.of(),
                    List.of(),
                    List.of()),
            T0,
            STEP,
            4,
            Map.of("m01-load", series(1000)),
            series(0.3),
            series(0.1),
            List.of(new BatteryParameters("bat", 2000, 2000, 4000, 0, 1, 1, 0, 1, 1, 0)),
            Map.of(),
            null);

    private final OperatingLoop loop = new OperatingLoop() {
        @Override
        public List<String> communities() {
            return List.of("demo");
        }

        @Override
        public List<StageRun> stages(String community) {
            return List.of();
        }

        @Override
        public ControlAuthority authority(String community) {
            return null;
        }

        @Override
        public Optional<Plan> plan(String planId) {
            return Optional.empty();
        }

        @Override
        public Optional<PlanStatus> status(String planId) {
            return Optional.empty();
        }

        @Override
        public PlanStatus confirm(String planId, String operator) {
            return null;
        }

        @Override
        public Optional<PlanPerformance> performance(String planId) {
            return Optional.empty();
        }

        @Override
        public Optional<Scenario> scenario(String community) {
            return Optional.of(SCENARIO);
        }
    };

    /** The community's load forecast: P10 800 W, P50 1 kW, P90 1.4 kW (a spread of 0.3). */
    private final LatestForecasts forecasts = () -> List.of(new PublishedForecast(
            "demo.load",
            ForecastKind.LOAD,
            "gbm",
            "1.0.0",
            T0,
            new Forecast("gbm", series(800), series(1000), series(1400))));

    private final LiveDrills drills =
            new LiveDrills(loop, () -> forecasts, Clock.fixed(T0, ZoneOffset.UTC), 100, Duration.ofSeconds(5), 1, 2);

    @Test
    void samplesAndTimeAreBoundedAndTheSpreadComesFromTheForecastersQuantiles() throws Exception {
        DrillSpec s = drills.spec("{\"id\":\"x\",\"runs\":100000,\"timeBudgetSeconds\":600}", "demo", SCENARIO);
        assertThat(s.runs()).isEqualTo(100);
        assertThat(s.timeBudget()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.uncertainty().loadSpread()).isCloseTo(0.3, within(1e-9));
        assertThat(s.uncertainty().pvSpread()).isZero();
        // The drill's own uncertainty wins.
        DrillSpec own = drills.spec("{\"id\":\"x\",\"uncertainty\":{\"loadSpread\":0.1}}", "demo", SCENARIO);
        assertThat(own.uncertainty().loadSpread()).isEqualTo(0.1);
    }

    @Test
    void aRunIsKeptAndOnlyTheLastOnes() throws Exception {
        String outage =
                "{\"id\":\"o\",\"events\":[{\"type\":\"outage\"}],\"loads\":{\"default\":{\"criticalShare\":1}},"
                        + "\"runs\":5}";
        var first = drills.run(null, outage, "op");
        assertThat(first.community()).isEqualTo("demo");
        assertThat(first.reportJson()).contains("\"survivalHours\"");
        assertThat(first.proposalJson()).contains("\"batteryReserveWh\" : 4000");
        drills.run("demo", outage, "op");
        drills.run("demo", outage, "op");
        assertThat(drills.recent()).hasSize(2);
        assertThat(drills.find(first.id())).isEmpty();
    }

    @Test
    void badBodiesSayWhere() {
        assertThatThrownBy(() -> drills.run("demo", "{\"id\":\"x\",\"runs\":0}", "op"))
                .isInstanceOf(DrillException.class)
                .hasMessageContaining("$.runs")
                .extracting(e -> ((DrillException) e).reason())
                .isEqualTo(DrillException.Reason.INVALID);
        assertThatThrownBy(() -> drills.run("north", "{\"id\":\"x\"}", "op"))
                .extracting(e -> ((DrillException) e).reason())
                .isEqualTo(DrillException.Reason.NOT_FOUND);
    }
}
