package ${package};

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.gridhub.api.dispatch.BatteryParameters;
import io.gridhub.api.dispatch.Dispatcher;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Feeder;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.Plan;
import io.gridhub.api.model.Site;
import io.gridhub.api.model.TimeSeries;
import io.gridhub.api.strategy.OutputChecks;
import io.gridhub.strategy.testkit.DispatcherContract;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract every gridhub dispatch strategy keeps (inherited: identity, valid plans within the time budget on
 * real measured profiles and on edge inputs, determinism), and what this one does.
 */
class GreedyDispatcherTest extends DispatcherContract {
    @Override
    protected Dispatcher strategy() {
        return new GreedyDispatcher();
    }

    @Test
    void storesTheSurplusCoversTheImportAndStopsAtTheMinimumStateOfCharge() {
        Instant t0 = Instant.parse("2026-06-01T10:00:00Z");
        Duration hour = Duration.ofHours(1);
        Site home = new Site(
                "home",
                null,
                "f1",
                List.of(
                        new Asset("load", null, AssetKind.LOAD, 0, 0),
                        new Asset("pv", null, AssetKind.PV, 5000, 0),
                        new Asset("battery", null, AssetKind.BATTERY, 5000, 10_000)));
        Community c = new Community(
                "c",
                null,
                List.of(new Member("m", null, null, List.of(home), List.of())),
                List.of(),
                List.of(new Feeder("f1", null, null, 10_000, 10_000)),
                List.of());
        TimeSeries load = new TimeSeries(t0, hour, "W", t0, new double[] {1000, 2000, 3000, 3000});
        TimeSeries pv = new TimeSeries(t0, hour, "W", t0, new double[] {4000, 0, 0, 0});
        TimeSeries price = new TimeSeries(t0, hour, "EUR/kWh", t0, new double[] {0.3, 0.3, 0.3, 0.3});
        // 5 kWh stored at the start, 1 kWh is the minimum, one way 95 % efficient.
        BatteryParameters battery =
                new BatteryParameters("battery", 5000, 5000, 10_000, 0.1, 0.9, 0.5, 0.1, 0.95, 0.95, 0);
        Scenario s = new Scenario(
                "s", c, t0, hour, 4, Map.of("load", load, "pv", pv), price, price, List.of(battery), Map.of(), null);

        Plan plan = new GreedyDispatcher().plan(s);

        double[] w = plan.schedules().get(0).setpointsW();
        // Charges the 3 kW surplus (7.85 kWh stored), covers 2 kW and 3 kW, then delivers the 1.5 kWh left above 1 kWh.
        assertThat(w[0]).isEqualTo(-3000, offset(1e-6));
        assertThat(w[1]).isEqualTo(2000, offset(1e-6));
        assertThat(w[2]).isEqualTo(3000, offset(1e-6));
        assertThat(w[3]).isLessThan(3000).isGreaterThan(0);
        assertThat(OutputChecks.plan(s, plan)).isEmpty();
    }
}
