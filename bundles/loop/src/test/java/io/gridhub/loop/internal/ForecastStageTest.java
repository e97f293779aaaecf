package io.gridhub.loop.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.forecast.Forecast;
import io.gridhub.api.forecast.ForecastKind;
import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.api.forecast.Forecaster;
import io.gridhub.api.forecast.PublishedForecast;
import io.gridhub.api.loop.StageOutcome;
import io.gridhub.api.model.TimeSeries;
import io.gridhub.testkit.FakeBus;
import io.gridhub.testkit.FakeStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ForecastStageTest {
    static final Instant START = Instant.parse("2026-12-06T00:00:00Z");
    static final Duration STEP = Duration.ofMinutes(30);

    final Topo topo = Topo.of(Fakes.community(), Map.of());
    final FakeBus latest = new FakeBus();
    final FakeStore store = new FakeStore();
    final List<ForecastRequest> asked = new ArrayList<>();
    final Forecaster constant = new Forecaster() {
        @Override
        public Forecast forecast(ForecastRequest r) {
            asked.add(r);
            double[] v = new double[r.steps()];
            Arrays.fill(v, 123);
            return new Forecast(
                    "constant", null, new TimeSeries(r.issueTime(), r.history().step(), "W", r.issueTime(), v), null);
        }

        @Override
        public String name() {
            return "constant";
        }

        @Override
        public String version() {
            return "1.0.0";
        }
    };

    static PublishedForecast published(String target, ForecastKind kind, double w) {
        double[] v = new double[48];
        Arrays.fill(v, w);
        TimeSeries s = new TimeSeries(START, STEP, "W", START, v);
        return new PublishedForecast(target, kind, "lightgbm", "1.1.0", START, new Forecast("lightgbm", s, s, s));
    }

    ForecastStage stage(int minDays) {
        return new ForecastStage(
                new History(STEP, Duration.ofDays(14)),
                new ForecastStage.Settings(minDays, ZoneOffset.UTC, null, Duration.ofHours(6)),
                Runnable::run);
    }

    @Test
    void assetsWithEnoughHistoryGetTheirOwnForecastTheOthersTheirShareOfTheCommunitys() {
        // m01-load has 14 days of history at 500 W; m02-load none (its latest value, 1500 W, weighs its share).
        for (int i = 0; i < 14 * 48; i++) {
            store.put("demo.m01-load.p", START.minus(STEP.multipliedBy(i + 1)), 500);
        }
        latest.put("demo.m02-load.p", 1500, START);
        Snapshot snap = Snapshot.sense(topo, latest, START, Duration.ofMinutes(5));
        ForecastStage.Result r = stage(7).run(
                        topo,
                        snap,
                        START,
                        STEP,
                        48,
                        List.of(
                                published("demo.load", ForecastKind.LOAD, 2000),
                                published("demo.pv", ForecastKind.PV, 6000)),
                        Optional.of(constant),
                        Optional.of(store));

        assertThat(r.perAsset().get("m01-load").values()).containsOnly(123.0);
        assertThat(asked).singleElement().satisfies(q -> {
            assertThat(q.target()).isEqualTo("demo.m01-load.p");
            assertThat(q.kind()).isEqualTo(ForecastKind.LOAD);
            assertThat(q.history().values()).containsOnly(500.0);
        });
        // m02-load: weight 1500 of 500 + 1500 → three quarters of the community's 2000 W.
        assertThat(r.perAsset().get("m02-load").values()).containsOnly(1500.0);
        // PV by rating: 4 kW and 8 kW of 12 kW of the community's 6000 W.
        assertThat(r.perAsset().get("m01-pv").values()).containsOnly(2000.0);
        assertThat(r.perAsset().get("m02-pv").values()).containsOnly(4000.0);
        assertThat(r.outcome()).isEqualTo(StageOutcome.OK);
        assertThat(r.strategy()).isEqualTo("constant");
        assertThat(r.reason()).startsWith("1 assets forecast on their own history, 3 from the community's forecast");
    }

    @Test
    void ownModelsTrainOffTheCycleAndTheCommunitysShareStandsInMeanwhile() {
        for (int i = 0; i < 14 * 48; i++) {
            store.put("demo.m01-load.p", START.minus(STEP.multipliedBy(i + 1)), 500);
        }
        List<Runnable> queued = new ArrayList<>();
        ForecastStage background = new ForecastStage(
                new History(STEP, Duration.ofDays(14)),
                new ForecastStage.Settings(7, ZoneOffset.UTC, null, Duration.ofHours(6)),
                queued::add);
        Snapshot snap = Snapshot.sense(topo, latest, START, Duration.ofMinutes(5));
        List<PublishedForecast> community =
                List.of(published("demo.load", ForecastKind.LOAD, 2000), published("demo.pv", ForecastKind.PV, 6000));
        ForecastStage.Result first =
                background.run(topo, snap, START, STEP, 48, community, Optional.of(constant), Optional.of(store));
        assertThat(asked).isEmpty();
        assertThat(first.perAsset().get("m01-load").values()).doesNotContain(123.0);
        assertThat(first.reason()).contains("1 of them while their own model trains");
        assertThat(queued).hasSize(1);
        // A second cycle before the model is ready queues nothing more.
        background.run(topo, snap, START, STEP, 48, community, Optional.of(constant), Optional.of(store));
        assertThat(queued).hasSize(1);

        queued.get(0).run();
        ForecastStage.Result next = background.run(
                topo, snap, START.plus(STEP), STEP, 48, community, Optional.of(constant), Optional.of(store));
        assertThat(next.perAsset().get("m01-load").values()).containsOnly(123.0);
        assertThat(next.reason()).startsWith("1 assets forecast on their own history");
    }

    @Test
    void aPvForecastIsCutAtThePlantsRating() {
        Snapshot snap = Snapshot.sense(topo, latest, START, Duration.ofMinutes(5));
        // 30 kW for the community's 12 kW of PV: shares of 10 and 20 kW, cut at the plants' 4 and 8 kW.
        ForecastStage.Result r = stage(7).run(
                        topo,
                        snap,
                        START,
                        STEP,
                        48,
                        List.of(published("demo.pv", ForecastKind.PV, 30_000)),
                        Optional.empty(),
                        Optional.empty());
        assertThat(r.perAsset().get("m01-pv").values()).containsOnly(4000.0);
        assertThat(r.perAsset().get("m02-pv").values()).containsOnly(8000.0);
    }

    @Test
    void withoutAnyForecastLoadsHoldTheirLatestValueAndTheStageIsDegraded() {
        latest.put("demo.m01-load.p", 700, START);
        Snapshot snap = Snapshot.sense(topo, latest, START, Duration.ofMinutes(5));
        ForecastStage.Result r =
                stage(7).run(topo, snap, START, STEP, 48, List.of(), Optional.empty(), Optional.empty());
        assertThat(r.perAsset().get("m01-load").values()).containsOnly(700.0);
        assertThat(r.perAsset().get("m01-pv").values()).hasSize(48);
        assertThat(r.outcome()).isEqualTo(StageOutcome.DEGRADED);
        assertThat(r.reason()).contains("persistence");
    }

    @Test
    void aForecastShorterThanTheHorizonRepeatsItsLastDay() {
        double[] v = new double[48];
        for (int i = 0; i < 48; i++) {
            v[i] = i;
        }
        TimeSeries s = new TimeSeries(START, STEP, "W", START, v);
        assertThat(ForecastStage.at(s, START.plus(STEP.multipliedBy(50)))).isEqualTo(2.0);
        assertThat(ForecastStage.at(s, START.plus(STEP.multipliedBy(47)))).isEqualTo(47.0);
    }
}
