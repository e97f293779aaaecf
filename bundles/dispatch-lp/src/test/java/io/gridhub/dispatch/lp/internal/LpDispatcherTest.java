package io.gridhub.dispatch.lp.internal;

import static io.gridhub.dispatch.lp.internal.Fixture.asset;
import static io.gridhub.dispatch.lp.internal.Fixture.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.ortools.modelbuilder.ModelBuilder;
import com.google.ortools.modelbuilder.ModelSolver;
import com.google.ortools.modelbuilder.SolveStatus;
import io.gridhub.api.dispatch.BatteryParameters;
import io.gridhub.api.dispatch.DispatchPolicy;
import io.gridhub.api.dispatch.EvParameters;
import io.gridhub.api.dispatch.FlexibleLoadParameters;
import io.gridhub.api.dispatch.PvParameters;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.AssetSchedule;
import io.gridhub.api.model.Plan;
import io.gridhub.api.strategy.OutputChecks;
import io.gridhub.dispatch.common.BatteryReserve;
import io.gridhub.dispatch.common.Optimizer;
import io.gridhub.dispatch.common.ScenarioView;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Scenarios small enough to solve by hand; every optimum below is worked out in the comment above it. */
@Timeout(60)
class LpDispatcherTest {
    private final LpDispatcher lp = new LpDispatcher(StockLoaderRuntime.INSTANCE, Clock.systemUTC());

    private static Map<String, double[]> setpoints(Plan p) {
        return p.schedules().stream().collect(Collectors.toMap(AssetSchedule::assetId, AssetSchedule::setpointsW));
    }

    @Test
    void batteryBuysLowAndSellsHigh() {
        // No load; 5 kW / 10 kWh battery, empty at start and end, 90 % each way. Charge 5 kWh at 0.10, store
        // 4.5 kWh, deliver 4.05 kWh at 0.30: cost 0.50 − 1.215 = −0.715 EUR.
        LpDispatcher.Outcome o = lp.optimize(arbitrage().scenario(), false);
        assertThat(o.objective()).isCloseTo(-0.715, within(1e-9));
        assertThat(setpoints(o.plan()).get("b1")).containsExactly(new double[] {-5000, 4050}, within(1e-6));
        assertThat(o.plan().explanation().status()).isEqualTo("OPTIMAL");
        assertThat(o.plan().schedules().get(0).reason())
                .contains("charges 5.0 kWh")
                .contains("discharges 4.1 kWh in 1 step ");
    }

    @Test
    void aGovernedBatteryReserveIsKeptAtEveryStep() {
        // 8 kWh stored, export at 0.30 EUR/kWh: the LP sells all 8 kWh, with a 5 kWh reserve (above the 0 %
        // minimum) only 3 kWh, and the store never goes below 5 kWh.
        Fixture f = new Fixture(2)
                .prices(new double[] {0.3, 0.3}, new double[] {0.3, 0.3})
                .member("m1", null, asset("b1", AssetKind.BATTERY))
                .with(Fixture.battery("b1", 5000, 10000, 1, 0.8, 0));
        double[] free = setpoints(lp.optimize(f.scenario(), false).plan()).get("b1");
        assertThat(free[0] + free[1]).isCloseTo(8000, within(1e-6));
        double[] kept = setpoints(
                        lp.optimize(BatteryReserve.hold(f.scenario(), 5000).scenario(), false)
                                .plan())
                .get("b1");
        assertThat(kept[0] + kept[1]).isCloseTo(3000, within(1e-6));
        assertThat(8000 - kept[0]).isGreaterThanOrEqualTo(5000 - 1e-6);
        assertThat(8000 - kept[0] - kept[1]).isGreaterThanOrEqualTo(5000 - 1e-6);
    }

    /** No load; a 5 kW / 10 kWh battery, empty at start and end, 90 % each way; 0.10 then 0.30 EUR/kWh. */
    private static Fixture arbitrage() {
        return new Fixture(2)
                .prices(new double[] {0.1, 0.3}, new double[] {0.1, 0.3})
                .member("m1", null, asset("b1", AssetKind.BATTERY))
                .with(Fixture.battery("b1", 5000, 10000, 0.9, 0, 0));
    }

    @Test
    void thePlanCarriesTheTimeOfTheSolveAlone() {
        long t0 = System.nanoTime();
        Plan p = lp.plan(arbitrage().scenario());
        Duration whole = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(p.solveTime()).isPositive().isLessThan(whole);
        // An infeasible scenario's plan carries both solve calls, the model's and its relaxation's.
        t0 = System.nanoTime();
        Plan relaxed = lp.plan(new Fixture(2)
                .prices(new double[] {0.1, 0.3}, new double[2])
                .member("m1", null, asset("ev1", AssetKind.EV_CHARGER))
                .with(new EvParameters("ev1", at(0), at(2), 30000, 7000, 0))
                .scenario());
        whole = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(relaxed.explanation().status()).isEqualTo("RELAXED");
        assertThat(relaxed.solveTime()).isPositive().isLessThan(whole);
    }

    @Test
    void pvIsCurtailedAtNegativeExportPrices() {
        // 10 kW PV, 2 kW load, export price −0.05: use 2 kW, curtail 8 kW; nothing is bought or sold: cost 0.
        Fixture f = new Fixture(1)
                .prices(new double[] {0.3}, new double[] {-0.05})
                .member("m1", null, asset("l1", AssetKind.LOAD), asset("pv1", AssetKind.PV))
                .forecast("l1", 2000)
                .forecast("pv1", 10000)
                .with(new PvParameters("pv1", true));
        LpDispatcher.Outcome o = lp.optimize(f.scenario(), false);
        assertThat(o.objective()).isCloseTo(0, within(1e-9));
        assertThat(setpoints(o.plan()).get("pv1")[0]).isCloseTo(2000, within(1e-6));
        assertThat(o.plan().schedules().get(0).reason())
                .contains("curtailed by 8.0 kWh")
                .contains("export price is negative");
    }

    @Test
    void feederExportLimitCurtailsPv() {
        // Same PV at a positive export price 0.10, but feeder f1 takes at most 3 kW back: export 3 kW, earn 0.30.
        Fixture f = new Fixture(1)
                .prices(new double[] {0.3}, new double[] {0.1})
                .feeder("f1", 50000, 3000)
                .member("m1", "f1", asset("l1", AssetKind.LOAD), asset("pv1", AssetKind.PV))
                .forecast("l1", 2000)
                .forecast("pv1", 10000)
                .with(new PvParameters("pv1", true));
        LpDispatcher.Outcome o = lp.optimize(f.scenario(), false);
        assertThat(o.objective()).isCloseTo(-0.3, within(1e-9));
        assertThat(o.plan().explanation().binding()).anySatisfy(b -> {
            assertThat(b.constraint()).isEqualTo("feeder f1 export limit");
            assertThat(b.shadowPriceEurPerKWh()).isCloseTo(0.1, within(1e-9));
        });
        assertThat(o.plan().schedules().get(0).reason()).contains("feeder f1 export limit");
    }

    @Test
    void feederImportLimitIsKeptByShiftingWithTheBattery() {
        // Load 0 then 8 kW on a feeder that imports at most 5 kW; flat import price 0.20, lossless battery.
        // The battery must carry 3 kWh from step 0 to step 1: import 3 + 5 kWh, cost 1.60 EUR.
        Fixture f = new Fixture(2)
                .prices(new double[] {0.2, 0.2}, new double[] {0, 0})
                .feeder("f1", 5000, 5000)
                .member("m1", "f1", asset("l1", AssetKind.LOAD), asset("b1", AssetKind.BATTERY))
                .forecast("l1", 0, 8000)
                .with(Fixture.battery("b1", 5000, 10000, 1, 0, 0));
        LpDispatcher.Outcome o = lp.optimize(f.scenario(), false);
        assertThat(o.objective()).isCloseTo(1.6, within(1e-9));
        double[] feeder = o.plan().explanation().series().get("feeder.f1.W");
        assertThat(Arrays.stream(feeder).max().orElseThrow()).isLessThanOrEqualTo(5000 + 1e-6);
        assertThat(o.plan().explanation().bindingConstraints()).anyMatch(s -> s.startsWith("feeder f1 import limit"));
    }

    @Test
    void evChargesInTheCheapestStepsOfItsStay() {
        // 10 kWh, at most 7 kW, plugged in 01:00–04:00 (steps 1–3) at 0.30, 0.10, 0.20; step 4 (0.05) is after
        // it leaves. 7 kWh at 0.10 + 3 kWh at 0.20 = 1.30 EUR.
        Fixture f = ev(0);
        LpDispatcher.Outcome o = lp.optimize(f.scenario(), false);
        assertThat(o.objective()).isCloseTo(1.3, within(1e-9));
        assertThat(setpoints(o.plan()).get("ev1")).containsExactly(new double[] {0, 0, 7000, 3000, 0}, within(1e-6));
    }

    @Test
    void evMinimumPowerMakesItAMilp() {
        // The same with at least 4 kW when charging: 3 kWh at step 3 is not allowed; best is 6 kWh at 0.10 and
        // 4 kWh at 0.20 = 1.40 EUR.
        Fixture f = ev(4000);
        LpDispatcher.Outcome o = lp.optimize(f.scenario(), false);
        assertThat(o.solver()).isEqualTo("SCIP");
        assertThat(o.objective()).isCloseTo(1.4, within(1e-9));
        assertThat(setpoints(o.plan()).get("ev1")).containsExactly(new double[] {0, 0, 6000, 4000, 0}, within(1e-6));
    }

    private static Fixture ev(double minW) {
        return new Fixture(5)
                .prices(new double[] {0.5, 0.3, 0.1, 0.2, 0.05}, new double[5])
                .member("m1", null, asset("ev1", AssetKind.EV_CHARGER))
                .with(new EvParameters("ev1", at(1), at(4), 10000, 7000, minW));
    }

    @Test
    void flexibleLoadRunsWhenCheapest() {
        // 3 kWh between 00:00 and 03:00, 0.5–2 kW: 0.5 at the dear step, 2 at the cheapest, 0.5 at the middle one:
        // 0.5·0.4 + 2·0.1 + 0.5·0.2 = 0.50 EUR.
        Fixture f = new Fixture(3)
                .prices(new double[] {0.4, 0.1, 0.2}, new double[3])
                .member("m1", null, asset("x1", AssetKind.FLEXIBLE_LOAD))
                .with(new FlexibleLoadParameters("x1", at(0), at(3), 3000, 500, 2000));
        LpDispatcher.Outcome o = lp.optimize(f.scenario(), false);
        assertThat(o.objective()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void peakChargeFlattensImports() {
        // 4 kW then 0 kW load; lossless 5 kW battery starting with 2 kWh, may end empty; peak charge 1 EUR/kW,
        // energy free. Discharging 2 kW at step 0 leaves a 2 kW peak: 2 EUR.
        Fixture f = new Fixture(2)
                .prices(new double[] {0, 0}, new double[] {0, 0})
                .member("m1", null, asset("l1", AssetKind.LOAD), asset("b1", AssetKind.BATTERY))
                .forecast("l1", 4000, 0)
                .with(Fixture.battery("b1", 5000, 10000, 1, 0.2, 0));
        f.policy = new DispatchPolicy(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 1.0, Duration.ofSeconds(10));
        LpDispatcher.Outcome o = lp.optimize(f.scenario(), false);
        assertThat(o.objective()).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void infeasibleEvNeedGetsTheRelaxedPlanAndNamesTheEv() {
        // 30 kWh in 3 hours at 7 kW cannot be met: the relaxed plan charges what it can and says what is short.
        Fixture f = new Fixture(5)
                .prices(new double[] {0.5, 0.3, 0.1, 0.2, 0.05}, new double[5])
                .member("m1", null, asset("ev3", AssetKind.EV_CHARGER))
                .with(new EvParameters("ev3", at(1), at(4), 30000, 7000, 0));
        LpDispatcher.Outcome o = lp.optimize(f.scenario(), false);
        assertThat(o.objective()).isNull();
        assertThat(o.plan().explanation().status()).isEqualTo("RELAXED");
        assertThat(o.plan().explanation().summary())
                .startsWith("infeasible: relaxed plan, the least violation (EV ev3 gets 21.0 of 30.0 kWh "
                        + "(9.0 kWh unserved))");
        assertThat(o.plan().explanation().costEur()).isCloseTo(7 * 0.6, within(1e-9));
        assertThat(setpoints(o.plan()).get("ev3")).containsExactly(new double[] {0, 7000, 7000, 7000, 0}, within(1e-6));
        assertThat(LpDispatcher.diagnose(new ScenarioView(f.scenario())))
                .startsWith("EV ev3 energy need within its window (short by 9.00 kWh)");
    }

    @Test
    void infeasibleFeederImportNamesTheFeeder() {
        // 8 kW of fixed load on a feeder that imports at most 5 kW: nothing in the plan can help.
        Fixture f = new Fixture(2)
                .prices(new double[] {0.2, 0.2}, new double[2])
                .feeder("f1", 5000, 5000)
                .member("m1", "f1", asset("l1", AssetKind.LOAD))
                .forecast("l1", 0, 8000);
        LpDispatcher.Outcome o = lp.optimize(f.scenario(), false);
        assertThat(o.plan().explanation().summary())
                .startsWith("infeasible: relaxed plan, the least violation (not kept: feeder f1 import limit at step 1 "
                        + "(over by up to 3.00 kW))");
        assertThat(o.plan().explanation().bindingConstraints())
                .contains("not kept: feeder f1 import limit at step 1 (over by up to 3.00 kW)");
        assertThat(LpDispatcher.diagnose(new ScenarioView(f.scenario())))
                .startsWith("feeder f1 import limit (over by up to 3.00 kW at 1 step from step 1)");
    }

    @Test
    void infeasibleTerminalStateOfChargeNamesTheBattery() {
        // Empty 10 kWh battery that must end 90 % full but charges at most 1 kW for 2 hours: it charges 2 kWh.
        Fixture f = new Fixture(2)
                .prices(new double[] {0.2, 0.2}, new double[2])
                .member("m1", null, asset("b7", AssetKind.BATTERY))
                .with(Fixture.battery("b7", 1000, 10000, 1, 0, 0.9));
        LpDispatcher.Outcome o = lp.optimize(f.scenario(), false);
        assertThat(o.plan().explanation().bindingConstraints())
                .contains("battery b7 terminal state of charge missed by 7.00 kWh");
        assertThat(setpoints(o.plan()).get("b7")).containsExactly(new double[] {-1000, -1000}, within(1e-6));
        assertThat(LpDispatcher.diagnose(new ScenarioView(f.scenario())))
                .startsWith("battery b7 terminal state of charge (over by up to 7.00 kWh at 1 step");
    }

    @Test
    void loadOverAFeederLimitGetsAPlanThatAddsNothingToItAndPassesThePlanCheck() {
        // The demo's defect: the uncontrollable load alone is over f1's 10 kW at steps 1 and 2, and the EV needs
        // 20 kWh. The relaxed plan charges the EV in the 6 kW left at steps 0 and 3 (12 of 20 kWh), nothing at steps
        // 1 and 2; it keeps every other limit, and the api's plan check (which quarantines a strategy) passes it.
        Fixture f = new Fixture(4)
                .prices(new double[] {0.3, 0.1, 0.1, 0.3}, new double[4])
                .feeder("f1", 10000, 10000)
                .member("m1", "f1", asset("l1", AssetKind.LOAD), asset("ev1", AssetKind.EV_CHARGER))
                .forecast("l1", 4000, 12000, 13000, 4000)
                .with(new EvParameters("ev1", at(0), at(4), 20000, 11000, 0));
        LpDispatcher.Outcome o = lp.optimize(f.scenario(), false);
        assertThat(o.plan().explanation().status()).isEqualTo("RELAXED");
        assertThat(setpoints(o.plan()).get("ev1")).containsExactly(new double[] {6000, 0, 0, 6000}, within(1e-3));
        assertThat(o.plan().explanation().bindingConstraints())
                .contains(
                        "not kept: feeder f1 import limit at steps 1–2 (over by up to 3.00 kW)",
                        "EV ev1 gets 12.0 of 20.0 kWh (8.0 kWh unserved)");
        assertThat(OutputChecks.plan(f.scenario(), o.plan())).isEmpty();
    }

    @Test
    void loadOverAFeederLimitMovesTheEvToTheHeadroomAndDischargesTheBattery() {
        // f1 is over its 10 kW by 2 kW at step 1 whatever the plan does; a 1 kW battery on it discharges there (the
        // rest stays over), the EV's 10 kWh go to the steps with room, cheapest first, all of them served.
        Fixture f = new Fixture(4)
                .prices(new double[] {0.3, 0.1, 0.2, 0.4}, new double[4])
                .feeder("f1", 10000, 10000)
                .member(
                        "m1",
                        "f1",
                        asset("l1", AssetKind.LOAD),
                        asset("ev1", AssetKind.EV_CHARGER),
                        asset("b1", AssetKind.BATTERY))
                .forecast("l1", 4000, 12000, 4000, 4000)
                .with(new EvParameters("ev1", at(0), at(4), 10000, 6000, 0))
                .with(Fixture.battery("b1", 1000, 10000, 1, 0.5, 0.5));
        LpDispatcher.Outcome o = lp.optimize(f.scenario(), false);
        Map<String, double[]> sp = setpoints(o.plan());
        assertThat(sp.get("ev1")[1]).isCloseTo(0, within(1e-3));
        assertThat(Arrays.stream(sp.get("ev1")).sum()).isCloseTo(10000, within(1e-3));
        // The battery takes back at step 2 (0.20 EUR/kWh) what it gave at step 1; the EV fills steps 2 and 0 to the
        // limit, never step 3 (0.40).
        assertThat(sp.get("ev1")[2] - sp.get("b1")[2]).isCloseTo(6000, within(1e-3));
        assertThat(sp.get("ev1")[3]).isCloseTo(0, within(1e-3));
        assertThat(sp.get("b1")[1]).isCloseTo(1000, within(1e-3));
        assertThat(o.plan().explanation().bindingConstraints())
                .contains("not kept: feeder f1 import limit at step 1 (over by up to 1.00 kW)")
                .noneMatch(l -> l.startsWith("EV "));
        assertThat(OutputChecks.plan(f.scenario(), o.plan())).isEmpty();
    }

    @Test
    void exportedMpsHasTheSameOptimum() {
        Fixture f = new Fixture(5)
                .prices(
                        new double[] {0.5123456, 0.3, 0.1, 0.2, 0.05},
                        new double[] {0.1, 0.05, -0.01, 0.02, 0.0123456789})
                .feeder("f1", 9000, 4000)
                .member(
                        "m1",
                        "f1",
                        asset("l1", AssetKind.LOAD),
                        asset("pv1", AssetKind.PV),
                        asset("b1", AssetKind.BATTERY),
                        asset("ev1", AssetKind.EV_CHARGER))
                .forecast("l1", 1234.5678, 2345.6789, 999.999, 4321.1234, 555.5555)
                .forecast("pv1", 0, 3333.333, 7777.777, 5555.555, 100)
                .with(new PvParameters("pv1", true))
                .with(new BatteryParameters("b1", 3300, 3700, 9876.54321, 0.1, 0.95, 0.33, 0.5, 0.97, 0.93, 0.0345))
                .with(new EvParameters("ev1", at(1), at(5), 12345.678, 7400, 1400));
        LpDispatcher.Outcome o = lp.optimize(f.scenario(), true);
        ModelBuilder model = new ModelBuilder();
        assertThat(model.importFromMpsString(o.mps())).isTrue();
        ModelSolver solver = new ModelSolver("scip");
        assertThat(solver.solve(model)).isEqualTo(SolveStatus.OPTIMAL);
        assertThat(solver.getObjectiveValue())
                .isCloseTo(o.objective(), within(1e-9 * Math.max(1, Math.abs(o.objective()))));
    }

    @Test
    void theCliAndBenchmarksFindItByNameWithoutItsPackage() {
        Optimizer o = Optimizer.load(LpDispatcher.NAME);
        assertThat(o).isInstanceOf(LpDispatcher.class);
        assertThat(o.variant("CLP", false).name()).isEqualTo(LpDispatcher.NAME);
    }
}
