package io.gridhub.dispatch.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridhub.api.dispatch.BatteryParameters;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Feeder;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.Site;
import io.gridhub.api.model.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatteryReserveTest {
    private static final Instant T0 = Instant.parse("2026-01-15T16:00:00Z");
    private static final int STEPS = 10;

    /** A home with a 1 kW load for 10 h, import dear, and a 10 kWh battery at 80 % (minimum 10 %). */
    private static Scenario scenario(double socInitial) {
        Member m = new Member(
                "m1",
                null,
                null,
                List.of(new Site(
                        "s1",
                        null,
                        "f1",
                        List.of(
                                new Asset("l1", "l1", AssetKind.LOAD, 0, 0),
                                new Asset("b1", "b1", AssetKind.BATTERY, 0, 0)))),
                null);
        Community c = new Community(
                "c", null, List.of(m), List.of(), List.of(new Feeder("f1", null, null, 50_000, 50_000)), List.of());
        double[] load = new double[STEPS];
        Arrays.fill(load, 1000);
        double[] price = new double[STEPS];
        Arrays.fill(price, 0.4);
        return new Scenario(
                "s",
                c,
                T0,
                Duration.ofHours(1),
                STEPS,
                Map.of("l1", series(load)),
                series(price),
                series(new double[STEPS]),
                List.of(new BatteryParameters("b1", 5000, 5000, 10_000, 0.1, 1, socInitial, 0, 1, 1, 0)),
                Map.of(),
                null);
    }

    private static TimeSeries series(double[] v) {
        return new TimeSeries(T0, Duration.ofHours(1), "W", T0, v);
    }

    /** The battery's energy after each step of the safe rule plan (Wh; efficiencies are 1, + = discharge). */
    private static double[] energy(Scenario s) {
        double[] sp = RulePlanner.plan(new ScenarioView(s), RulePlanner.Mode.SAFE)
                .setpointsW()
                .get("b1");
        double e = ((BatteryParameters) s.parameters().get(0)).socInitial() * 10_000;
        double[] out = new double[STEPS];
        for (int k = 0; k < STEPS; k++) {
            e -= sp[k];
            out[k] = e;
        }
        return out;
    }

    @Test
    void thePlanKeepsTheReserveAtEveryStep() {
        // Without a reserve the battery carries the load down to its minimum (1 kWh): the case the reserve changes.
        assertThat(Arrays.stream(energy(scenario(0.8))).min().orElseThrow()).isCloseTo(1000, within(1.0));

        BatteryReserve.Held held = BatteryReserve.hold(scenario(0.8), 5000);
        double[] e = energy(held.scenario());
        assertThat(Arrays.stream(e).min().orElseThrow()).isGreaterThanOrEqualTo(6000 - 1e-6);
        // It still uses what lies above the reserve: 2 kWh of the 8 kWh.
        assertThat(e[STEPS - 1]).isCloseTo(6000, within(1.0));
        assertThat(held.notes()).singleElement().asString().contains("battery reserve 5.0 kWh");
    }

    @Test
    void aBatteryBelowTheReserveIsNotDischargedFurther() {
        BatteryReserve.Held held = BatteryReserve.hold(scenario(0.3), 5000);
        BatteryParameters b = (BatteryParameters) held.scenario().parameters().get(0);
        assertThat(b.socMin()).isCloseTo(0.3, within(1e-9));
        assertThat(Arrays.stream(energy(held.scenario())).min().orElseThrow()).isGreaterThanOrEqualTo(3000 - 1e-6);
        assertThat(held.notes().get(0)).contains("b1 below it now");
    }

    @Test
    void noReserveLeavesTheScenarioAlone() {
        Scenario s = scenario(0.8);
        assertThat(BatteryReserve.hold(s, 0).scenario()).isSameAs(s);
        assertThat(BatteryReserve.hold(s, 0).notes()).isEmpty();
    }
}
