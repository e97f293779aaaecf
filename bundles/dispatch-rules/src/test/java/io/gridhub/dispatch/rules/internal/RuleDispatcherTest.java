package io.gridhub.dispatch.rules.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridhub.api.dispatch.BatteryParameters;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.Plan;
import io.gridhub.api.model.Site;
import io.gridhub.api.model.TimeSeries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleDispatcherTest {
    private static final Instant T0 = Instant.parse("2024-06-01T00:00:00Z");

    private static TimeSeries ts(double... v) {
        return new TimeSeries(T0, Duration.ofHours(1), "W", T0, v);
    }

    @Test
    void plansByRulesUnderItsOwnName() {
        // One home: 2 kW load, a 2 kWh battery that starts full and may not go below empty.
        Member m = new Member(
                "m",
                null,
                null,
                List.of(new Site(
                        "s",
                        null,
                        null,
                        List.of(
                                new Asset("l", "l", AssetKind.LOAD, 0, 0),
                                new Asset("b", "b", AssetKind.BATTERY, 0, 0)))),
                null);
        Scenario s = new Scenario(
                "s",
                new Community("c", null, List.of(m), List.of(), List.of(), List.of()),
                T0,
                Duration.ofHours(1),
                2,
                Map.of("l", ts(2000, 2000)),
                ts(0.3, 0.3),
                ts(0.1, 0.1),
                List.of(new BatteryParameters("b", 2000, 2000, 2000, 0, 1, 1, 0, 1, 1, 0)),
                Map.of(),
                null);
        Plan plan = new RuleDispatcher(Clock.fixed(T0, ZoneOffset.UTC)).plan(s);
        assertThat(plan.strategy()).isEqualTo(RuleDispatcher.NAME);
        assertThat(plan.issueTime()).isEqualTo(T0);
        assertThat(plan.explanation().status()).isEqualTo("RULES");
        assertThat(plan.solveTime()).as("no solver ran").isNull();
        // Self-consumption: the battery covers the first hour, then it is empty; 2 kWh bought at 0.30.
        assertThat(plan.schedules().get(0).setpointsW()).containsExactly(new double[] {2000, 0}, within(1e-9));
        assertThat(plan.explanation().costEur()).isCloseTo(0.6, within(1e-9));
    }
}
