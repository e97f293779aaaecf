package io.gridhub.loop.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.dispatch.Dispatcher;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.loop.LoopException;
import io.gridhub.api.loop.LoopStage;
import io.gridhub.api.loop.StageOutcome;
import io.gridhub.api.loop.StageRun;
import io.gridhub.api.model.AssetSchedule;
import io.gridhub.api.model.Explanation;
import io.gridhub.api.model.Plan;
import io.gridhub.api.model.PointId;
import io.gridhub.api.strategy.ShadowComparison;
import io.gridhub.api.strategy.StrategyRole;
import io.gridhub.testkit.FakeBus;
import io.gridhub.testkit.FakeGovernance;
import io.gridhub.testkit.FakeStrategies;
import io.gridhub.testkit.RecordingAuditTrail;
import io.gridhub.testkit.RecordingWriter;
import io.gridhub.testkit.Settings;
import io.gridhub.testkit.SteppingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Optimize's guard rails and shadow, in an autonomous community (plans are executed at once): the active dispatcher
 * lp 1.1.0 replaced lp 1.0.0, which discharges the shared battery at 3 kW for an hour; {@code rules} is the fallback.
 */
class DispatchGuardRailsTest {
    final SteppingClock clock = SteppingClock.at(Instant.parse("2026-12-06T10:05:00Z"));
    final FakeBus latest = new FakeBus();
    final RecordingWriter writer = new RecordingWriter();
    final RecordingAuditTrail audit = new RecordingAuditTrail();
    final FakeGovernance governance = new FakeGovernance(clock);
    final FakeStrategies strategies = new FakeStrategies();

    /** A dispatcher that plans with {@code how} and remembers every scenario it was given. */
    static final class Fake implements Dispatcher {
        final String name;
        final String version;
        final Function<Scenario, Plan> how;
        final List<Scenario> seen = new ArrayList<>();

        Fake(String name, String version, Function<Scenario, Plan> how) {
            this.name = name;
            this.version = version;
            this.how = how;
        }

        @Override
        public Plan plan(Scenario s) {
            seen.add(s);
            return how.apply(s);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String version() {
            return version;
        }
    }

    /** The shared battery at {@code w} for the first {@code steps} steps, 0 after; {@code steps} of the plan. */
    static Plan battery(Scenario s, String id, double w, int first, int planSteps) {
        double[] v = new double[planSteps];
        Arrays.fill(v, 0, Math.min(first, planSteps), w);
        return new Plan(
                s.id() + "@" + id,
                "whatever it says",
                s.start(),
                s.start(),
                s.step(),
                planSteps,
                List.of(new AssetSchedule("shared-bat", PointId.of("demo.shared-bat.p_set"), v, id)),
                new Explanation(id, 0, 0, List.of()));
    }

    static Plan battery(Scenario s, String id, double w) {
        return battery(s, id, w, 2, s.steps());
    }

    final Fake previous = new Fake("lp", "1.0.0", s -> battery(s, "previous", 3_000));
    final Fake rules = new Fake("rules", "1.0.0", s -> battery(s, "rules", 1_000));

    LoopComponent loop(Fake active, String... settings) throws Exception {
        strategies.activate(previous).activate(active);
        return build(active, true, settings);
    }

    /** The loop with lp 1.0.0, {@code active} and rules deployed ({@code marked}: rules is the fallback). */
    LoopComponent build(Fake active, boolean marked, String... settings) throws Exception {
        List<String> kv = new ArrayList<>(List.of("sharedAssetFeeders", "shared-bat=f1"));
        kv.addAll(List.of(settings));
        LoopComponent.Config config = Settings.of(LoopComponent.Config.class, kv.toArray(String[]::new));
        LoopComponent l =
                LoopComponent.outside(() -> List.of(Fakes.community()), strategies, latest, config, clock, false);
        l.addDispatcher(previous, Map.of());
        l.addDispatcher(active, Map.of());
        l.addDispatcher(rules, marked ? Map.of(Dispatcher.FALLBACK_PROPERTY, "true") : Map.of());
        l.with(writer, audit, null, governance, null, null);
        writer.mapped.add(PointId.of("demo.shared-bat.p_set"));
        writer.readBackTo(latest, clock);
        latest.put("demo.shared-bat.soc", 60, clock.instant());
        Fakes.autonomous(governance);
        return l;
    }

    private static StageRun optimize(LoopComponent l) {
        return l.stages("demo").stream()
                .filter(r -> r.stage() == LoopStage.OPTIMIZE)
                .findFirst()
                .orElseThrow();
    }

    /** One cycle: the new plan was made by lp 1.0.0, recorded so, and its setpoint written. */
    private Plan cycleAndExpectThePreviousVersionsPlanExecuted(LoopComponent l) {
        Plan plan = l.cycle(Fakes.community()).orElseThrow().plan;
        assertThat(plan.strategy()).isEqualTo("lp");
        assertThat(plan.strategyVersion()).isEqualTo("1.0.0");
        assertThat(plan.schedules().get(0).reason()).isEqualTo("previous");
        assertThat(l.latest("demo")).contains(plan);
        l.execute(Fakes.community());
        assertThat(writer.writes).containsExactly("demo.shared-bat.p_set=3000");
        StageRun o = optimize(l);
        assertThat(o.strategy()).isEqualTo("lp");
        assertThat(o.version()).isEqualTo("1.0.0");
        return plan;
    }

    @Test
    void aStrategyThatThrowsIsQuarantinedAndTheVersionBeforePlansInTheSameCycle() throws Exception {
        Fake broken = new Fake("lp", "1.1.0", s -> {
            throw new IllegalStateException("solver crashed");
        });
        LoopComponent l = loop(broken);
        cycleAndExpectThePreviousVersionsPlanExecuted(l);
        assertThat(strategies.quarantined())
                .containsExactly("lp 1.1.0: threw java.lang.IllegalStateException: solver crashed");
        StageRun o = optimize(l);
        assertThat(o.outcome()).isEqualTo(StageOutcome.DEGRADED);
        assertThat(o.reason())
                .startsWith("lp 1.1.0 threw java.lang.IllegalStateException: solver crashed: quarantined; "
                        + "lp 1.0.0 planned: previous");
        // The next cycle: the version before is the active one; nothing more is quarantined.
        clock.advance(Duration.ofMinutes(15));
        l.cycle(Fakes.community()).orElseThrow();
        assertThat(optimize(l).outcome()).isEqualTo(StageOutcome.OK);
        assertThat(broken.seen).hasSize(1);
        assertThat(strategies.quarantined()).hasSize(1);
    }

    @Test
    void aStrategyThatOverrunsItsTimeBudgetIsQuarantined() throws Exception {
        Fake slow = new Fake("lp", "1.1.0", s -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return battery(s, "slow", 3_000);
        });
        LoopComponent l = loop(slow, "strategyBudgetSeconds", "1");
        long start = System.nanoTime();
        cycleAndExpectThePreviousVersionsPlanExecuted(l);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        assertThat(strategies.quarantined()).containsExactly("lp 1.1.0: overran its time budget of 1 s");
    }

    @Test
    void aPlanWithANaNIsInvalidAndItsStrategyQuarantined() throws Exception {
        LoopComponent l = loop(new Fake("lp", "1.1.0", s -> battery(s, "nan", Double.NaN)));
        cycleAndExpectThePreviousVersionsPlanExecuted(l);
        assertThat(strategies.quarantined())
                .singleElement()
                .asString()
                .startsWith("lp 1.1.0: returned an invalid plan: BATTERY shared-bat: setpoint NaN W at step 0");
    }

    @Test
    void aPlanOfTheWrongLengthIsInvalid() throws Exception {
        LoopComponent l = loop(new Fake("lp", "1.1.0", s -> battery(s, "short", 3_000, 2, s.steps() - 1)));
        cycleAndExpectThePreviousVersionsPlanExecuted(l);
        assertThat(strategies.quarantined())
                .containsExactly("lp 1.1.0: returned an invalid plan: the plan has 47 steps, the scenario 48");
    }

    @Test
    void aPlanThatBreaksTheSafetyEnvelopeIsInvalid() throws Exception {
        // 40 kW from a 30 kW battery: the envelope would clip it to its rating.
        LoopComponent l = loop(new Fake("lp", "1.1.0", s -> battery(s, "too much", 40_000, 1, s.steps())));
        cycleAndExpectThePreviousVersionsPlanExecuted(l);
        assertThat(strategies.quarantined())
                .singleElement()
                .asString()
                .startsWith("lp 1.1.0: returned an invalid plan: BATTERY shared-bat: setpoint 40000 W at step 0")
                .contains("beyond its rating 30000 W");
    }

    @Test
    void withNoVersionBeforeTheFallbackPlansInTheSameCycle() throws Exception {
        Fake broken = new Fake("lp", "1.1.0", s -> {
            throw new IllegalStateException("solver crashed");
        });
        // lp 1.0.0 was quarantined before, and rules is not marked as the fallback: the loop skips the quarantined.
        strategies.quarantine(previous, "broke yesterday");
        strategies.activate(broken);
        LoopComponent l = build(broken, false);
        Plan plan = l.cycle(Fakes.community()).orElseThrow().plan;
        assertThat(plan.strategy()).isEqualTo("rules");
        assertThat(plan.strategyVersion()).isEqualTo("1.0.0");
        assertThat(optimize(l).reason())
                .startsWith("lp 1.1.0 threw java.lang.IllegalStateException: solver crashed: quarantined; "
                        + "the fallback planned: rules");
        l.execute(Fakes.community());
        assertThat(writer.writes).containsExactly("demo.shared-bat.p_set=1000");
        assertThat(previous.seen).as("the quarantined lp 1.0.0 is no fallback").isEmpty();
    }

    @Test
    void theShadowPlansOnTheSameScenarioEveryCycleAndItsPlanIsNeverExecutedOrShown() throws Exception {
        Fake active = new Fake("lp", "1.1.0", s -> battery(s, "active", 2_000));
        Fake shadow = new Fake("next", "2.0.0", s -> battery(s, "shadow", -4_000));
        LoopComponent l = loop(active);
        strategies.shadow(shadow);
        List<Plan> made = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            made.add(l.cycle(Fakes.community()).orElseThrow().plan);
            l.execute(Fakes.community());
            clock.advance(Duration.ofMinutes(15));
        }
        assertThat(shadow.seen).hasSize(2);
        assertThat(shadow.seen.get(0)).isSameAs(active.seen.get(0));
        assertThat(shadow.seen.get(1)).isSameAs(active.seen.get(1));
        assertThat(made).allSatisfy(p -> assertThat(p.strategy()).isEqualTo("lp"));
        assertThat(l.latest("demo").orElseThrow().strategy()).isEqualTo("lp");
        assertThat(writer.values).isNotEmpty().allMatch(v -> v == 2_000);
        String shadowPlan = shadow.seen.get(0).id() + "@shadow";
        assertThat(l.plan(shadowPlan)).isEmpty();
        assertThat(l.status(shadowPlan)).isEmpty();
        assertThatThrownBy(() -> l.confirm(shadowPlan, "operator"))
                .isInstanceOf(LoopException.class)
                .extracting(e -> ((LoopException) e).reason())
                .isEqualTo(LoopException.Reason.NOT_FOUND);
        assertThat(optimize(l).outcome()).isEqualTo(StageOutcome.OK);
        ShadowComparison c = l.dispatchComparator().compare().orElseThrow();
        assertThat(c.active()).isEqualTo("lp 1.1.0");
        assertThat(c.shadow()).isEqualTo("next 2.0.0");
        assertThat(c.cycles()).isEqualTo(2);
    }

    @Test
    void aMisbehavingShadowIsQuarantinedWhichEndsTheShadowAndTheActivePlanIsUnaffected() throws Exception {
        Fake active = new Fake("lp", "1.1.0", s -> battery(s, "active", 2_000));
        Fake shadow = new Fake("next", "2.0.0", s -> battery(s, "shadow", Double.NaN));
        LoopComponent l = loop(active);
        strategies.shadow(shadow);
        Plan plan = l.cycle(Fakes.community()).orElseThrow().plan;
        assertThat(plan.strategy()).isEqualTo("lp");
        assertThat(plan.strategyVersion()).isEqualTo("1.1.0");
        l.execute(Fakes.community());
        assertThat(writer.writes).containsExactly("demo.shared-bat.p_set=2000");
        assertThat(strategies.quarantined())
                .singleElement()
                .asString()
                .startsWith("next 2.0.0: returned an invalid plan:");
        StageRun o = optimize(l);
        assertThat(o.outcome()).isEqualTo(StageOutcome.DEGRADED);
        assertThat(o.reason()).contains("shadow next 2.0.0 returned an invalid plan:", ": quarantined");
        assertThat(strategies.shadow(StrategyRole.DISPATCH, Dispatcher.class)).isEmpty();
        clock.advance(Duration.ofMinutes(15));
        l.cycle(Fakes.community()).orElseThrow();
        assertThat(shadow.seen).hasSize(1);
        assertThat(l.dispatchComparator().compare()).isEmpty();
    }
}
