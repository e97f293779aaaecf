package io.gridhub.loop.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.gridhub.api.loop.IntervalPerformance;
import io.gridhub.api.loop.PlanPerformance;
import io.gridhub.api.model.AssetSchedule;
import io.gridhub.api.model.Explanation;
import io.gridhub.api.model.Plan;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.TimeSeries;
import io.gridhub.testkit.FakeStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeasureTest {
    static final Instant START = Instant.parse("2026-12-06T00:00:00Z");
    static final Duration STEP = Duration.ofMinutes(30);

    @Test
    void plannedAgainstMeasuredPerAssetAndForTheCommunityWithCostsAndTheBaseline() throws Exception {
        double[] bat = new double[48];
        Arrays.fill(bat, 10_000);
        double[] grid = new double[48];
        Arrays.fill(grid, 2_000);
        Plan plan = new Plan(
                "p1",
                "lp-optimizer",
                START,
                START,
                STEP,
                48,
                List.of(new AssetSchedule("shared-bat", PointId.of("demo.shared-bat.p_set"), bat, "")),
                new Explanation("", 0, 0, List.of(), "OPTIMAL", List.of(), Map.of("grid.W", grid)));
        double[] imp = new double[48];
        Arrays.fill(imp, 0.40);
        double[] exp = new double[48];
        Arrays.fill(exp, 0.10);
        PlanRecord rec = new PlanRecord(
                plan,
                "demo",
                new TimeSeries(START, STEP, "EUR/kWh", START, imp),
                new TimeSeries(START, STEP, "EUR/kWh", START, exp),
                START);
        FakeStore store = new FakeStore();
        // Step 0: the battery delivered 9 kW, the members' meters imported 8 + 5 kW: 4 kW at the connection.
        store.put("demo.shared-bat.p", START, 9_000);
        store.put("demo.m01-meter.p", START, 8_000);
        store.put("demo.m02-meter.p", START, 5_000);
        // Step 1: nothing measured yet for the battery; the meters export 1 kW in all.
        store.put("demo.m01-meter.p", START.plus(STEP), -1_000);

        PlanPerformance p = Measure.of(
                rec,
                Topo.of(Fakes.community(), Map.of("shared-bat", "f1")),
                store,
                START.plus(STEP).plusSeconds(60));

        assertThat(p.intervals()).hasSize(2);
        IntervalPerformance i0 = p.intervals().get(0);
        assertThat(i0.plannedW()).containsEntry("shared-bat", 10_000.0);
        assertThat(i0.measuredW()).containsEntry("shared-bat", 9_000.0);
        assertThat(i0.plannedImportW()).isEqualTo(2_000);
        assertThat(i0.measuredImportW()).isEqualTo(4_000);
        assertThat(i0.baselineImportW()).isEqualTo(13_000);
        // 4 kW for half an hour at 0.40 EUR/kWh; the baseline 13 kW; the plan 2 kW.
        assertThat(i0.realisedCostEur()).isCloseTo(0.80, offset(1e-9));
        assertThat(i0.baselineCostEur()).isCloseTo(2.60, offset(1e-9));
        assertThat(i0.plannedCostEur()).isCloseTo(0.40, offset(1e-9));
        IntervalPerformance i1 = p.intervals().get(1);
        assertThat(i1.measuredW()).isEmpty();
        assertThat(i1.measuredImportW()).isEqualTo(-1_000);
        assertThat(i1.realisedCostEur()).isCloseTo(-0.05, offset(1e-9));
        assertThat(p.measuredIntervals()).isEqualTo(2);
        assertThat(p.realisedCostEur()).isCloseTo(0.75, offset(1e-9));
        assertThat(p.realisedSavingsEur()).isCloseTo(2.55 - 0.75 + 0.0, offset(1e-9));
    }

    @Test
    void aFlexibleLoadIsMeasuredConsumptionPositiveAndItsDrawStaysInTheBaseline() throws Exception {
        double[] hw = new double[48];
        Arrays.fill(hw, 1_500);
        double[] bat = new double[48];
        Arrays.fill(bat, 2_000);
        Plan plan = new Plan(
                "p2",
                "lp-optimizer",
                START,
                START,
                STEP,
                48,
                List.of(
                        new AssetSchedule("m01-hw", PointId.of("demo.m01-hw.p_set"), hw, ""),
                        new AssetSchedule("m02-bat", PointId.of("demo.m02-bat.p_set"), bat, "")),
                new Explanation("", 0, 0, List.of()));
        double[] price = new double[48];
        Arrays.fill(price, 0.40);
        TimeSeries prices = new TimeSeries(START, STEP, "EUR/kWh", START, price);
        FakeStore store = new FakeStore();
        // The hot water drew 1.4 kW behind m01's meter; m02's battery delivered 2 kW behind m02's.
        store.put("demo.m01-hw.p", START, 1_400);
        store.put("demo.m02-bat.p", START, 2_000);
        store.put("demo.m01-meter.p", START, 8_000);
        store.put("demo.m02-meter.p", START, 3_000);

        PlanPerformance p = Measure.of(
                new PlanRecord(plan, "demo", prices, prices, START),
                Topo.of(Fakes.withMemberAssets(), Map.of("shared-bat", "f1")),
                store,
                START.plusSeconds(60));

        IntervalPerformance i0 = p.intervals().get(0);
        assertThat(i0.plannedW()).containsEntry("m01-hw", 1_500.0);
        assertThat(i0.measuredW()).containsEntry("m01-hw", 1_400.0).containsEntry("m02-bat", 2_000.0);
        assertThat(i0.measuredImportW()).isEqualTo(11_000);
        // Without the hub the battery would not have delivered its 2 kW; the hot water would have drawn its energy
        // anyway: the baseline is 13 kW, not 11.6 kW.
        assertThat(i0.baselineImportW()).isEqualTo(13_000);
    }
}
