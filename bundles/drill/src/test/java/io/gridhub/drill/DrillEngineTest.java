package io.gridhub.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gridhub.api.dispatch.BatteryParameters;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.drill.DrillReport.MemberFigures;
import io.gridhub.drill.DrillReport.ShedStep;
import io.gridhub.drill.DrillSpec.Event;
import io.gridhub.drill.DrillSpec.LoadClass;
import io.gridhub.drill.DrillSpec.Method;
import io.gridhub.drill.DrillSpec.Uncertainty;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DrillEngineTest {
    static final LoadClass ALL_CRITICAL = new LoadClass(0, 1, 5);
    private final DrillEngine engine = DrillEngine.standalone(2);

    @ParameterizedTest
    @EnumSource(
            value = Method.class,
            names = {"LP", "MERIT_ORDER"})
    void tenKWhCarryAConstantKilowattForTenHours(Method m) {
        DrillReport r = engine.run(Cases.home(null), Cases.outage("h1", 24, ALL_CRITICAL, Map.of(), m));

        assertThat(r.communityFigures().survivalHours().p50()).isCloseTo(10.0, within(1e-6));
        assertThat(r.communityFigures().survivalHours().p10()).isCloseTo(10.0, within(1e-6));
        assertThat(r.communityFigures().criticalNotServedKWh().p50()).isCloseTo(14.0, within(1e-6));
        assertThat(r.communityFigures().survivesWindowShare()).isZero();
        assertThat(r.recommendation().reserveWh()).isCloseTo(10_000, within(1e-6));
        assertThat(r.recommendation().reserveShare()).isCloseTo(1.0, within(1e-9));
        assertThat(r.method()).isEqualTo(m == Method.LP ? "lp" : "merit-order");
    }

    @ParameterizedTest
    @EnumSource(
            value = Method.class,
            names = {"LP", "MERIT_ORDER"})
    void morningPvRefillsTheBatteryToTwentyTwoHours(Method m) {
        // 6 h on the battery (4 kWh left), 6 h of PV: 1 kW to the load, 1 kW refilling it to 10 kWh, 10 h more.
        DrillReport r = engine.run(Cases.home(Cases.morningPv()), Cases.outage("h2", 24, ALL_CRITICAL, Map.of(), m));

        assertThat(r.communityFigures().survivalHours().p50()).isCloseTo(22.0, within(1e-6));
        assertThat(r.communityFigures().criticalNotServedKWh().p50()).isCloseTo(2.0, within(1e-6));
        assertThat(r.deterministic().storedWh()[23]).isCloseTo(4_000, within(1e-6));
        assertThat(r.deterministic().storedWh()[47]).isCloseTo(10_000, within(1e-6));
    }

    @Test
    void partOfAStepCountsTowardsSurvival() {
        Scenario s = new Cases()
                .member("home", null, Cases.constant(1000), null, Cases.lossless("b", 10.1))
                .scenario("partial");
        DrillReport r = engine.run(s, Cases.outage("p", 24, ALL_CRITICAL, Map.of(), Method.AUTO));

        assertThat(r.communityFigures().survivalHours().p50()).isCloseTo(10.1, within(1e-6));
    }

    @ParameterizedTest
    @EnumSource(
            value = Method.class,
            names = {"LP", "MERIT_ORDER"})
    void theLowerPriorityIsShedFirst(Method m) {
        Scenario s = new Cases()
                .member("a", null, Cases.constant(1500), null, null)
                .member("b", null, Cases.constant(1500), null, null)
                .sharedBattery(Cases.lossless("community-bat", 10), null)
                .scenario("two");
        Map<String, LoadClass> classes = Map.of("a", new LoadClass(500, 0, 7), "b", new LoadClass(500, 0, 2));
        DrillReport r = engine.run(s, Cases.outage("prio", 4, LoadClass.DEFAULT, classes, m));

        MemberFigures a = member(r, "a");
        MemberFigures b = member(r, "b");
        assertThat(r.communityFigures().survivalHours().p50()).isCloseTo(4.0, within(1e-6));
        assertThat(a.notServedKWh().p50()).isCloseTo(0, within(1e-6));
        assertThat(b.notServedKWh().p50()).isCloseTo(2.0, within(1e-6));
        assertThat(b.criticalNotServedKWh().p50()).isCloseTo(0, within(1e-6));
        List<ShedStep> order = r.recommendation().shedOrder();
        assertThat(order).extracting(ShedStep::priority).containsExactly("priority 2", "priority 7", "critical");
        assertThat(order.get(0).members()).containsExactly("b");
        assertThat(order.get(0).firstShedHoursP50()).isCloseTo(2.0, within(1e-6));
        assertThat(order.get(1).shedShare()).isZero();
    }

    @Test
    void theContingencyLimitHoldsAtEveryStep() {
        // 20 homes of 1 kW on feeder f1 (30 kW import limit), 10 kWh battery on the feeder; from 02:00 to 08:00 the
        // feeder is at 50 %: 15 kW, so 5 kW must come from the battery or be shed.
        Cases c = new Cases().feeder("f1", 30_000, 30_000);
        for (int i = 0; i < 20; i++) {
            c.member("m" + i, "f1", Cases.constant(1000), null, null);
        }
        Scenario s = c.sharedBattery(Cases.lossless("bat", 10), "f1").scenario("feeder");
        DrillSpec spec = new DrillSpec(
                "cont",
                null,
                List.of(Event.contingency(Cases.START.plusSeconds(7200), Duration.ofHours(6), 50, List.of("f1"))),
                new LoadClass(0, 0.5, 5),
                Map.of(),
                Uncertainty.NONE,
                1,
                1,
                null,
                Method.AUTO);
        DrillCase dc = DrillCase.of(s, spec);
        Outcome o = DrillLp.solve(dc.sample(null));

        double[] flow = o.feederW().get("f1");
        for (int k = 0; k < Cases.N; k++) {
            double limit = k >= 8 && k < 32 ? 15_000 : 30_000;
            assertThat(flow[k]).as("step %d", k).isLessThanOrEqualTo(limit + 1e-6);
        }
        // 6 h × 5 kW = 30 kWh over the limit, 10 kWh from the battery: 20 kWh of the sheddable half shed, no critical.
        DrillReport r = engine.run(s, spec);
        assertThat(r.method()).isEqualTo("lp");
        assertThat(r.communityFigures().notServedKWh().p50()).isCloseTo(20.0, within(1e-4));
        assertThat(r.communityFigures().criticalNotServedKWh().p50()).isCloseTo(0, within(1e-6));
        assertThat(r.baselineCostEur()).isNotNull();
    }

    @Test
    void aPriceSpikeCostsMoreThanTheBaseline() {
        double[] price = Cases.constant(0.30);
        Scenario s = new Cases()
                .member("home", null, Cases.constant(1000), null, null)
                .importPrice(price)
                .scenario("spike");
        DrillSpec spec = new DrillSpec(
                "spike",
                null,
                List.of(Event.priceSpike(Cases.START, Duration.ofHours(2), 3.0)),
                LoadClass.DEFAULT,
                Map.of(),
                Uncertainty.NONE,
                1,
                1,
                null,
                Method.AUTO);
        DrillReport r = engine.run(s, spec);

        // 24 kWh at 0.30 = 7.20 EUR; 2 h at 3.00 instead: + 2 × 2.70 = 12.60 EUR.
        assertThat(r.baselineCostEur()).isCloseTo(7.2, within(1e-6));
        assertThat(r.communityFigures().costEur().p50()).isCloseTo(12.6, within(1e-6));
    }

    @Test
    void monteCarloWithoutSpreadEqualsTheDeterministicDrill() {
        Scenario s = Cases.home(Cases.morningPv());
        DrillSpec det = Cases.outage("mc", 24, ALL_CRITICAL, Map.of(), Method.AUTO);
        DrillSpec zero = new DrillSpec(
                "mc",
                null,
                det.events(),
                ALL_CRITICAL,
                Map.of(),
                new Uncertainty(
                        0, 0, Map.of("home", new DrillSpec.Quantiles(Cases.constant(1000), Cases.constant(1000)))),
                50,
                9,
                null,
                Method.AUTO);
        DrillReport a = engine.run(s, det.withRuns(1));
        DrillReport b = engine.run(s, zero);

        assertThat(b.runsCompleted()).isEqualTo(50);
        assertThat(b.communityFigures()).isEqualTo(a.communityFigures());
        assertThat(b.communityFigures().survivalHours().p10())
                .isEqualTo(b.communityFigures().survivalHours().p90());
    }

    @Test
    void spreadWidensTheSurvival() {
        Scenario s = Cases.home(null);
        DrillSpec spec = new DrillSpec(
                "spread",
                null,
                List.of(Event.outage(Cases.START, Duration.ofHours(24))),
                ALL_CRITICAL,
                Map.of(),
                new Uncertainty(0.3, 0, Map.of()),
                400,
                3,
                null,
                Method.AUTO);
        DrillReport r = engine.run(s, spec);

        var surv = r.communityFigures().survivalHours();
        assertThat(surv.p10()).isLessThan(10.0);
        assertThat(surv.p90()).isGreaterThan(10.0);
        assertThat(surv.p50()).isCloseTo(10.0, within(0.5));
        // The reserve that carries the critical load through 24 h in 90 % of samples exceeds the battery.
        assertThat(r.recommendation().reserveWh()).isEqualTo(10_000);
        assertThat(r.recommendation().explanation()).anyMatch(x -> x.contains("cannot carry"));
    }

    @Test
    void aPreChargePlanFillsTheReserveInTheCheapestStepsBefore() {
        double[] price = Cases.constant(0.30);
        price[2] = 0.10;
        price[3] = 0.12;
        // Half-full 10 kWh battery; outage from 04:00 for 6 h of a 1 kW critical load: 6 kWh needed, 5 held.
        Scenario s = new Cases()
                .member(
                        "home",
                        null,
                        Cases.constant(1000),
                        null,
                        new BatteryParameters("b", 4000, 5000, 10_000, 0, 1, 0.5, 0.5, 1, 1, 0))
                .importPrice(price)
                .scenario("pre");
        DrillSpec spec = new DrillSpec(
                "pre",
                null,
                List.of(Event.outage(Cases.START.plusSeconds(4 * 3600), Duration.ofHours(6))),
                ALL_CRITICAL,
                Map.of(),
                Uncertainty.NONE,
                1,
                1,
                null,
                Method.AUTO);
        DrillReport r = engine.run(s, spec);

        assertThat(r.recommendation().reserveWh()).isCloseTo(6000, within(1e-6));
        var pre = r.recommendation().preCharge();
        assertThat(pre.energyWh()).isCloseTo(1000, within(1e-6));
        // 4 kW × 0.25 h = 1 kWh per step: the cheapest step alone.
        assertThat(pre.steps()).hasSize(1);
        assertThat(pre.steps().get(0).time())
                .isEqualTo(Cases.START.plusSeconds(1800).toString());
        assertThat(pre.costEur()).isCloseTo(0.10, within(1e-9));
        assertThat(r.proposal().get("batteryReserveWh").asDouble()).isEqualTo(6000);
        assertThat(r.proposal().get("kind").asText()).isEqualTo("dispatch-policy");
    }

    @Test
    void samplesNotStartedWithinTheBudgetAreSkippedAndSaidSo() {
        DrillSpec spec = new DrillSpec(
                "budget",
                null,
                List.of(Event.outage(Cases.START, Duration.ofHours(24))),
                ALL_CRITICAL,
                Map.of(),
                new Uncertainty(0.2, 0, Map.of()),
                5000,
                1,
                Duration.ofMillis(1),
                Method.LP);
        DrillReport r = engine.run(Cases.home(null), spec);

        assertThat(r.runsCompleted()).isLessThan(5000);
        assertThat(r.budgetExhausted()).isTrue();
        assertThat(r.recommendation().explanation().get(0)).startsWith(r.runsCompleted() + " of 5000 samples");
    }

    @Test
    void theMeritOrderRefusesADrillItCannotSolve() {
        Scenario s = Cases.home(null);
        DrillSpec spec = new DrillSpec(
                "x",
                null,
                List.of(Event.priceSpike(Cases.START, Duration.ofHours(2), 1.0)),
                LoadClass.DEFAULT,
                Map.of(),
                Uncertainty.NONE,
                1,
                1,
                null,
                Method.MERIT_ORDER);
        assertThatThrownBy(() -> engine.run(s, spec)).hasMessageContaining("merit-order method solves outage");
    }

    @Test
    void aLostBatteryLeavesTheIsland() {
        Scenario s = Cases.home(null);
        DrillSpec spec = new DrillSpec(
                "loss",
                null,
                List.of(
                        Event.outage(Cases.START, Duration.ofHours(24)),
                        Event.deviceLoss(Cases.START, Duration.ofHours(24), List.of("home-bat"))),
                ALL_CRITICAL,
                Map.of(),
                Uncertainty.NONE,
                1,
                1,
                null,
                Method.AUTO);
        DrillReport r = engine.run(s, spec);

        assertThat(r.method()).isEqualTo("merit-order");
        assertThat(r.communityFigures().survivalHours().p50()).isZero();
        assertThat(r.communityFigures().criticalNotServedKWh().p50()).isCloseTo(24, within(1e-6));
    }

    private static MemberFigures member(DrillReport r, String id) {
        return r.members().stream()
                .filter(m -> m.member().equals(id))
                .findFirst()
                .orElseThrow();
    }
}
