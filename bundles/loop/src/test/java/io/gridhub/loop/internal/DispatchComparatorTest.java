package io.gridhub.loop.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.gridhub.api.dispatch.BatteryParameters;
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
import io.gridhub.api.strategy.ShadowComparison;
import io.gridhub.api.strategy.ShadowFigure;
import io.gridhub.api.strategy.ShadowPoint;
import io.gridhub.api.strategy.StrategyRole;
import io.gridhub.testkit.FakeStore;
import io.gridhub.testkit.FakeStrategies;
import io.gridhub.testkit.SteppingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The dispatch comparison by hand. Community c: member m1 (load l1, PV pv1) and a shared 10 kWh battery b on feeder
 * f1 (import ≤ 3 kW, export ≤ 2 kW), half-hour steps, 0.30 EUR/kWh import, 0.10 export, no battery wear. Forecasts:
 * 1 kW load, no PV. Measured: 2 kW load and 1 kW PV from 10:00, 4 kW load from 10:30 (PV not measured).
 * Two cycles, now 11:15: the 10:00 plans were in force for 10:00-10:30, the 10:30 plans for 10:30-11:00 (11:00-11:15
 * is not over).
 */
class DispatchComparatorTest {
    static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    static final Duration HALF_HOUR = Duration.ofMinutes(30);

    static final Community C = new Community(
            "c",
            null,
            List.of(new Member(
                    "m1",
                    null,
                    null,
                    List.of(new Site(
                            "s1",
                            null,
                            "f1",
                            List.of(
                                    new Asset("l1", null, AssetKind.LOAD, 0, 0),
                                    new Asset("pv1", null, AssetKind.PV, 5_000, 0)))),
                    null)),
            List.of(new Asset("b", null, AssetKind.BATTERY, 10_000, 10_000)),
            List.of(new Feeder("f1", null, null, 3_000, 2_000)),
            List.of());

    static TimeSeries ts(Instant start, double v) {
        double[] x = new double[4];
        Arrays.fill(x, v);
        return new TimeSeries(start, HALF_HOUR, "W", start, x);
    }

    static Scenario scenario(Instant start, double soc) {
        return new Scenario(
                "c@" + start,
                C,
                start,
                HALF_HOUR,
                4,
                Map.of("l1", ts(start, 1_000), "pv1", ts(start, 0)),
                ts(start, 0.30),
                ts(start, 0.10),
                List.of(new BatteryParameters("b", 10_000, 10_000, 10_000, 0.2, 1, soc, 0, 1, 1, 0)),
                Map.of("b", "f1"),
                null);
    }

    static Plan plan(Scenario s, String strategy, String version, double battery) {
        double[] v = new double[4];
        v[0] = battery;
        return new Plan(
                        s.id() + "@" + strategy,
                        strategy,
                        s.start(),
                        s.start(),
                        HALF_HOUR,
                        4,
                        List.of(new AssetSchedule("b", null, v, "")),
                        new Explanation("", 0, 0, List.of()))
                .madeBy(strategy, version);
    }

    final FakeStore store = new FakeStore();
    final SteppingClock clock = SteppingClock.at(Instant.parse("2026-12-06T11:15:00Z"));
    final FakeStrategies strategies = new FakeStrategies();
    final ShadowPlans plans = new ShadowPlans();

    @Test
    void theFiguresAreTheHandComputedOnes() {
        strategies.activate(new DispatchGuardRailsTest.Fake("act", "1.0.0", s -> null));
        strategies.shadow(new DispatchGuardRailsTest.Fake("shd", "2.0.0", s -> null));
        store.put("c.l1.p", T0.plusSeconds(600), 2_000);
        store.put("c.pv1.p", T0.plusSeconds(600), 1_000);
        store.put("c.l1.p", T0.plus(HALF_HOUR).plusSeconds(600), 4_000);
        store.put("c.b.p", T0.plusSeconds(600), 1_800);
        Scenario first = scenario(T0, 0.5);
        Scenario second = scenario(T0.plus(HALF_HOUR), 0.4);
        // A cycle of an earlier shadow is not this shadow's.
        plans.add(new ShadowPlans.Cycle(T0, first, plan(first, "act", "1.0.0", 0), plan(first, "old", "0.1.0", 0)));
        // 10:00: the active discharges 2 kW, the shadow does nothing.
        plans.add(new ShadowPlans.Cycle(T0, first, plan(first, "act", "1.0.0", 2_000), plan(first, "shd", "2.0.0", 0)));
        // 10:30: the active discharges 4 kW (down to the battery's 20 %), the shadow charges 2 kW.
        plans.add(new ShadowPlans.Cycle(
                second.start(), second, plan(second, "act", "1.0.0", 4_000), plan(second, "shd", "2.0.0", -2_000)));

        ShadowComparison c = new DispatchComparator(strategies, plans, () -> store, clock)
                .compare()
                .orElseThrow();

        assertThat(c.role()).isEqualTo(StrategyRole.DISPATCH);
        assertThat(c.active()).isEqualTo("act 1.0.0");
        assertThat(c.shadow()).isEqualTo("shd 2.0.0");
        assertThat(c.cycles()).isEqualTo(2);
        assertThat(c.to()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(c.figures())
                .extracting(ShadowFigure::name, ShadowFigure::subject, ShadowFigure::unit)
                .containsExactly(
                        tuple("cost", "", "EUR"), tuple("violations", "", ""), tuple("setpoint difference", "b", "kW"));
        ShadowFigure cost = c.figures().get(0);
        // Active: 2 kW load − 1 kW PV − 2 kW battery = 1 kW exported for half an hour at 0.10 (−0.05 EUR); then
        // 4 kW − 4 kW = 0. Shadow: 1 kW imported (0.15 EUR); then 4 kW + 2 kW charging = 6 kW for half an hour at
        // 0.30 (0.90 EUR).
        assertThat(cost.active()).isCloseTo(-0.05, within(1e-12));
        assertThat(cost.shadow()).isCloseTo(0.15 + 0.90, within(1e-12));
        assertThat(cost.samples()).isEqualTo(2);
        // The shadow's 6 kW on f1 breaks its 3 kW import limit at 10:30; the active's battery ends at its 20 %.
        ShadowFigure violations = c.figures().get(1);
        assertThat(violations.active()).isEqualTo(0);
        assertThat(violations.shadow()).isEqualTo(1);
        // |0 − 2| and |−2 − 4| kW: 4 kW on average.
        ShadowFigure diff = c.figures().get(2);
        assertThat(diff.active()).isEqualTo(0);
        assertThat(diff.shadow()).isCloseTo(4.0, within(1e-12));
        assertThat(diff.samples()).isEqualTo(2);
        assertThat(c.note()).contains("2 completed steps", "3 of 4 load and PV values measured");
        // The setpoints behind the last figure, with what the battery was measured doing (nothing at 10:30).
        assertThat(c.points())
                .extracting(ShadowPoint::subject, ShadowPoint::time, ShadowPoint::active, ShadowPoint::shadow)
                .containsExactly(tuple("b", T0, 2_000.0, 0.0), tuple("b", T0.plus(HALF_HOUR), 4_000.0, -2_000.0));
        assertThat(c.points().get(0).actual()).isEqualTo(1_800);
        assertThat(c.points().get(1).actual()).isNaN();
    }

    @Test
    void noShadowOrNoCycleYetIsNoComparison() {
        DispatchComparator d = new DispatchComparator(strategies, plans, () -> store, clock);
        assertThat(d.compare()).isEmpty();
        strategies.shadow(new DispatchGuardRailsTest.Fake("shd", "2.0.0", s -> null));
        assertThat(d.compare()).isEmpty();
    }

    @Test
    void aPlanIsJudgedOnTheStepsItWasInForceThatAreOver() {
        Scenario s = scenario(T0, 0.5);
        assertThat(DispatchComparator.steps(s, T0.plus(HALF_HOUR), T0.plus(Duration.ofHours(3))))
                .isEqualTo(1);
        assertThat(DispatchComparator.steps(s, T0, T0.plus(Duration.ofHours(3))))
                .isZero();
        assertThat(DispatchComparator.steps(s, T0.plus(Duration.ofHours(9)), T0.plus(Duration.ofMinutes(75))))
                .isEqualTo(2);
        assertThat(DispatchComparator.steps(s, T0.plus(Duration.ofHours(9)), T0.plus(Duration.ofHours(9))))
                .as("at most the plan's steps")
                .isEqualTo(4);
    }
}
