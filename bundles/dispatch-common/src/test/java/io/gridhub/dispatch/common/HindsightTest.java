package io.gridhub.dispatch.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gridhub.api.dispatch.BatteryParameters;
import io.gridhub.api.dispatch.PvParameters;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.AssetSchedule;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Explanation;
import io.gridhub.api.model.Feeder;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.Plan;
import io.gridhub.api.model.Site;
import io.gridhub.api.model.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One home on feeder f1 (import ≤ 3 kW, export ≤ 2 kW) with a load, curtailable PV and a 4 kWh battery (half full,
 * at least a quarter, no losses, 0.02 EUR/kWh wear), planned for 3 hours on forecasts of 1 kW load and no PV; what
 * happened in the first two hours: 2 kW then 4 kW of load, 1.5 kW of PV in the first hour (the second not measured).
 */
class HindsightTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    private static TimeSeries ts(double... v) {
        return new TimeSeries(T0, Duration.ofHours(1), "W", T0, v);
    }

    static Scenario scenario() {
        Member m1 = new Member(
                "m1",
                null,
                null,
                List.of(new Site(
                        "s1",
                        null,
                        "f1",
                        List.of(
                                new Asset("l1", null, AssetKind.LOAD, 0, 0),
                                new Asset("pv1", null, AssetKind.PV, 0, 0),
                                new Asset("b1", null, AssetKind.BATTERY, 0, 0)))),
                null);
        Community c = new Community(
                "c", null, List.of(m1), List.of(), List.of(new Feeder("f1", null, null, 3000, 2000)), List.of());
        return new Scenario(
                "s",
                c,
                T0,
                Duration.ofHours(1),
                3,
                Map.of("l1", ts(1000, 1000, 1000), "pv1", ts(0, 0, 0)),
                ts(0.3, 0.3, 0.3),
                ts(0.1, 0.1, 0.1),
                List.of(
                        new PvParameters("pv1", true),
                        new BatteryParameters("b1", 2000, 2000, 4000, 0.25, 1, 0.5, 0, 1, 1, 0.02)),
                Map.of(),
                null);
    }

    static Plan plan(String id, double[] battery, double[] pvLimit) {
        return new Plan(
                id,
                id,
                T0,
                T0,
                Duration.ofHours(1),
                3,
                List.of(new AssetSchedule("b1", null, battery, ""), new AssetSchedule("pv1", null, pvLimit, "")),
                new Explanation(id, 0, 0, List.of()));
    }

    static final Map<String, double[]> MEASURED =
            Map.of("l1", new double[] {2000, 4000}, "pv1", new double[] {1500, Double.NaN});

    @Test
    void theMeasurementsReplaceTheForecastsWhereThereAreAny() {
        Hindsight.Actual a = Hindsight.actual(scenario(), MEASURED, 2);
        assertThat(a.scenario().steps()).isEqualTo(2);
        assertThat(a.scenario().forecasts().get("l1").values()).containsExactly(2000, 4000);
        assertThat(a.scenario().forecasts().get("pv1").values()).containsExactly(1500, 0);
        assertThat(a.measured()).isEqualTo(3);
        assertThat(a.substituted()).isEqualTo(1);
        assertThatThrownBy(() -> Hindsight.actual(scenario(), MEASURED, 4))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDischargingPlanCostsItsEnergyAndWearAndBreaksTheBatterysMinimum() {
        Scenario actual = Hindsight.actual(scenario(), MEASURED, 2).scenario();
        Hindsight.Outcome o =
                Hindsight.evaluate(actual, plan("a", new double[] {1000, 1000, 0}, new double[] {8000, 8000, 8000}));
        // Hour 1: 2 kW load − 1.5 kW PV (the 8 kW limit curtails nothing) − 1 kW battery = 0.5 kWh exported at 0.1;
        // hour 2: 4 kW − 1 kW = 3 kWh imported at 0.3, right at the feeder's limit; 2 kWh through the battery at 0.02.
        assertThat(o.costEur()).isCloseTo(-0.05 + 0.9 + 0.04, within(1e-9));
        assertThat(o.steps()).isEqualTo(2);
        // 2 kWh → 1 → 0: below the quarter (1 kWh) after hour 2.
        assertThat(o.breaches()).singleElement().satisfies(v -> {
            assertThat(v.step()).isEqualTo(1);
            assertThat(v.kind()).isEqualTo(PlanEvaluator.Kind.STATE_OF_CHARGE);
        });
    }

    @Test
    void aChargingPlanThatCurtailsBreaksTheFeederWhenTheLoadComesHigher() {
        Scenario actual = Hindsight.actual(scenario(), MEASURED, 2).scenario();
        Hindsight.Outcome o =
                Hindsight.evaluate(actual, plan("b", new double[] {-1000, 0, 0}, new double[] {1000, 8000, 8000}));
        // Hour 1: 2 kW − 1 kW PV (limited) + 1 kW charging = 2 kWh at 0.3; hour 2: 4 kWh at 0.3; 1 kWh of wear.
        assertThat(o.costEur()).isCloseTo(0.6 + 1.2 + 0.02, within(1e-9));
        // 4 kW on a 3 kW feeder in hour 2; the terminal state of charge and the like are not limits.
        assertThat(o.breaches()).singleElement().satisfies(v -> {
            assertThat(v.step()).isEqualTo(1);
            assertThat(v.constraint()).isEqualTo("feeder f1 import limit");
            assertThat(v.kind()).isEqualTo(PlanEvaluator.Kind.GRID);
            assertThat(v.excess()).isCloseTo(1000, within(1e-9));
        });
    }

    @Test
    void onlyGridAndStateOfChargeAreLimits() {
        assertThat(PlanEvaluator.Kind.GRID.limit()).isTrue();
        assertThat(PlanEvaluator.Kind.STATE_OF_CHARGE.limit()).isTrue();
        assertThat(PlanEvaluator.Kind.POWER.limit()).isFalse();
        assertThat(PlanEvaluator.Kind.NEED.limit()).isFalse();
    }
}
