package io.gridhub.api.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.dispatch.AssetParameters;
import io.gridhub.api.dispatch.BatteryParameters;
import io.gridhub.api.dispatch.DispatchPolicy;
import io.gridhub.api.dispatch.EvParameters;
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
import io.gridhub.api.model.Transformer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One household on feeder f1 (8 kW import, 6 kW export, transformer t1 of 10 kVA): a 2 kW load, 5 kW of PV, a 3 kW /
 * 10 kWh battery at 50 %, an 11 kW charger with a session from 01:00 to 03:00, and a meter; four hourly steps.
 */
class PlanChecksTest {
    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);
    private static final BatteryParameters BATTERY =
            new BatteryParameters("b1", 3000, 3000, 10_000, 0.1, 0.9, 0.5, 0.5, 0.95, 0.95, 0);
    private static final EvParameters EV =
            new EvParameters("ev1", T0.plus(HOUR), T0.plus(Duration.ofHours(3)), 5000, 7000, 0);

    private static Scenario scenario(double loadW, BatteryParameters battery, DispatchPolicy policy) {
        Site site = new Site(
                "s1",
                null,
                "f1",
                List.of(
                        new Asset("l1", null, AssetKind.LOAD, 0, 0),
                        new Asset("pv1", null, AssetKind.PV, 5000, 0),
                        new Asset("b1", null, AssetKind.BATTERY, 3000, 10_000),
                        new Asset("ev1", null, AssetKind.EV_CHARGER, 11_000, 0),
                        new Asset("meter1", null, AssetKind.METER, 0, 0)));
        Community c = new Community(
                "c1",
                null,
                List.of(new Member("m1", null, null, List.of(site), List.of())),
                List.of(),
                List.of(new Feeder("f1", null, "t1", 8000, 6000)),
                List.of(new Transformer("t1", null, 10_000)));
        Map<String, TimeSeries> forecasts = new HashMap<>();
        forecasts.put("l1", series(loadW, loadW, loadW, loadW));
        forecasts.put("pv1", series(0, 3000, 6000, 1000));
        TimeSeries price = series(0.3, 0.3, 0.3, 0.3);
        List<AssetParameters> params = List.of(battery, EV);
        return new Scenario("sc", c, T0, HOUR, 4, forecasts, price, price, params, Map.of(), policy);
    }

    private static final Scenario SCENARIO = scenario(2000, BATTERY, null);

    private static TimeSeries series(double... v) {
        return new TimeSeries(T0, HOUR, "W", T0, v);
    }

    private static Plan plan(Map<String, double[]> series, AssetSchedule... schedules) {
        Explanation why = new Explanation("", 0, 0, List.of(), "OPTIMAL", List.of(), series);
        return new Plan("p", "test", T0, T0, HOUR, 4, Arrays.asList(schedules), why);
    }

    private static AssetSchedule set(String asset, double... w) {
        return new AssetSchedule(asset, null, w, "");
    }

    @Test
    void aPlanWithinRatingsParametersAndLimitsIsValid() {
        Plan ok = plan(Map.of(), set("b1", 0, -2000, -1000, 1000), set("ev1", 0, 2500, 2500, 0));
        assertThat(OutputChecks.plan(SCENARIO, ok)).isEmpty();
        assertThat(OutputChecks.plan(SCENARIO, plan(Map.of()))).isEmpty();
    }

    @Test
    void theGridOfThePlanMustBeTheScenarios() {
        assertThat(OutputChecks.plan(SCENARIO, null)).containsExactly("no plan: the strategy returned null");
        Plan late = new Plan("p", "t", T0, T0.plus(HOUR), HOUR, 4, List.of(), new Explanation("", 0, 0, List.of()));
        assertThat(OutputChecks.plan(SCENARIO, late))
                .containsExactly("the plan starts at 2026-06-01T01:00:00Z with step PT1H, the scenario at "
                        + "2026-06-01T00:00:00Z with step PT1H");
        Plan shortPlan = new Plan("p", "t", T0, T0, HOUR, 3, List.of(), new Explanation("", 0, 0, List.of()));
        assertThat(OutputChecks.plan(SCENARIO, shortPlan)).containsExactly("the plan has 3 steps, the scenario 4");
    }

    @Test
    void setpointsOnUnknownOrUncontrollableAssetsNotFiniteOrBeyondRatingsAreNamed() {
        Plan bad = plan(
                Map.of(),
                set("x9", 0, 0, 0, 0),
                set("meter1", 0, 0, 0, 0),
                set("b1", Double.NaN, 0, 0, 0),
                set("b1", 0, 0, 0, 0),
                set("ev1", 0, -100, 0, 0),
                set("pv1", 0, 5500, 0, 0));
        assertThat(OutputChecks.plan(SCENARIO, bad))
                .containsExactly(
                        "the plan sets asset x9, which the community does not have",
                        "the plan sets asset meter1, a METER: it takes none",
                        "BATTERY b1: setpoint NaN W at step 0 (2026-06-01T00:00:00Z)",
                        "the plan sets asset b1 twice",
                        "EV_CHARGER ev1 cannot deliver: setpoint -100 W at step 1 (2026-06-01T01:00:00Z)",
                        "PV pv1: setpoint 5500 W at step 1 (2026-06-01T01:00:00Z) beyond its rating 5000 W");
    }

    @Test
    void batteryAndEvParametersBoundTheirSetpoints() {
        BatteryParameters weak = new BatteryParameters("b1", 1000, 2000, 10_000, 0.1, 0.9, 0.5, 0.5, 0.95, 0.95, 0);
        Plan p = plan(Map.of(), set("b1", 2500, -1500, 0, 0), set("ev1", 1000, 7500, 0, 0));
        assertThat(OutputChecks.plan(scenario(2000, weak, null), p))
                .containsExactly(
                        "BATTERY b1 discharges 2500 W at step 0 (2026-06-01T00:00:00Z), beyond its discharge limit"
                                + " 2000 W",
                        "BATTERY b1 charges 1500 W at step 1 (2026-06-01T01:00:00Z), beyond its charge limit 1000 W",
                        "EV_CHARGER ev1 charges 1000 W at step 0 (2026-06-01T00:00:00Z), outside its session "
                                + "[2026-06-01T01:00:00Z, 2026-06-01T03:00:00Z)",
                        "EV_CHARGER ev1 charges 7500 W at step 1 (2026-06-01T01:00:00Z), beyond its session's "
                                + "maximum 7000 W");
    }

    @Test
    void aBatteryMustNotBeDischargedBelowItsMinimumNorChargedAboveItsMaximum() {
        // 5 kWh, then 3 kW for an hour takes 3158 Wh from the cells each step: 18.4 %, then below 10 %.
        List<String> drained = OutputChecks.plan(SCENARIO, plan(Map.of(), set("b1", 3000, 3000, 0, 0)));
        assertThat(drained)
                .containsExactly("BATTERY b1 at -13.2 % after step 1 (2026-06-01T01:00:00Z) with setpoint 3000 W, "
                        + "below its minimum 10 %");
        // Below its minimum at the start, charging is what it needs; holding still is no harm either.
        BatteryParameters low = new BatteryParameters("b1", 3000, 3000, 10_000, 0.1, 0.9, 0.05, 0.5, 0.95, 0.95, 0);
        assertThat(OutputChecks.plan(scenario(2000, low, null), plan(Map.of(), set("b1", 0, -500, 0, 0))))
                .isEmpty();
        // The plan's own state of charge, where it carries one, is what counts.
        Map<String, double[]> soc = Map.of("soc.b1.Wh", new double[] {6000, 8000, 9500, 9600});
        assertThat(OutputChecks.plan(SCENARIO, plan(soc, set("b1", -1000, -2000, -1500, -100))))
                .containsExactly(
                        "BATTERY b1 (the plan's state of charge) at 95 % after step 2 (2026-06-01T02:00:00Z) with "
                                + "setpoint -1500 W, above its maximum 90 %",
                        "BATTERY b1 (the plan's state of charge) at 96 % after step 3 (2026-06-01T03:00:00Z) with "
                                + "setpoint -100 W, above its maximum 90 %");
    }

    @Test
    void aPlanMustNotTakeAFeederTransformerOrTheConnectionBeyondItsLimit() {
        // Step 1: 2 kW load − 3 kW PV + 3 kW charging + 7 kW EV = 9 kW on f1 (limit 8 kW), also above the
        // connection's 5 kW. Step 2: 2 kW − 6 kW PV − 3 kW discharge = 7 kW export (limit 6 kW).
        DispatchPolicy contract = new DispatchPolicy(5000, Double.POSITIVE_INFINITY, 0, Duration.ofSeconds(10));
        Plan p = plan(Map.of(), set("b1", 0, -3000, 3000, 0), set("ev1", 0, 7000, 0, 0));
        assertThat(OutputChecks.plan(scenario(2000, BATTERY, contract), p))
                .containsExactly(
                        "feeder f1 imports 9000 W at step 1 (2026-06-01T01:00:00Z), beyond its limit 8000 W (the "
                                + "forecasts without the plan: -1000 W)",
                        "feeder f1 exports 7000 W at step 2 (2026-06-01T02:00:00Z), beyond its limit 6000 W (the "
                                + "forecasts without the plan: -4000 W)",
                        "community connection imports 9000 W at step 1 (2026-06-01T01:00:00Z), beyond its limit 5000"
                                + " W (the forecasts without the plan: -1000 W)");
        // A 12 kW load overloads the 10 kVA transformer whatever the plan does: discharging helps, charging harms.
        Scenario heavy = scenario(12_000, BATTERY, null);
        assertThat(OutputChecks.plan(heavy, plan(Map.of(), set("b1", 1000, 1000, 0, 0))))
                .isEmpty();
        assertThat(OutputChecks.plan(heavy, plan(Map.of(), set("b1", -500, 0, 0, 0))))
                .containsExactly(
                        "feeder f1 imports 12500 W at step 0 (2026-06-01T00:00:00Z), beyond its limit 8000 W (the "
                                + "forecasts without the plan: 12000 W)",
                        "transformer t1 imports 12500 W at step 0 (2026-06-01T00:00:00Z), beyond its limit 10000 W"
                                + " (the forecasts without the plan: 12000 W)");
    }

    @Test
    void aSolversRoundingAtALimitIsNoBreachAWattBeyondTheToleranceIs() {
        // Step 1: 2 kW load − 3 kW PV + 3 kW charging + 6 kW of EV = 8 kW on f1, its limit; 0.04 W more (the LP's
        // rounding in the demo) is within the tolerance (max(1 W, 0.01 % of 8 kW) = 1 W), 2 W more is not.
        Plan atLimit = plan(Map.of(), set("b1", 0, -3000, 0, 0), set("ev1", 0, 6000.04, 0, 0));
        assertThat(OutputChecks.plan(SCENARIO, atLimit)).isEmpty();
        Plan beyond = plan(Map.of(), set("b1", 0, -3000, 0, 0), set("ev1", 0, 6002, 0, 0));
        assertThat(OutputChecks.plan(SCENARIO, beyond))
                .anySatisfy(problem -> assertThat(problem).startsWith("feeder f1 imports 8002 W at step 1"));
    }
}
