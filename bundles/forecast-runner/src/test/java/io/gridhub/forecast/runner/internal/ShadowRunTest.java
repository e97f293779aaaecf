package io.gridhub.forecast.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.api.forecast.PublishedForecast;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import io.gridhub.api.registry.TopologyProvider;
import io.gridhub.api.strategy.ShadowComparison;
import io.gridhub.api.strategy.StrategyRole;
import io.gridhub.testkit.FakeBus;
import io.gridhub.testkit.FakeStrategies;
import io.gridhub.testkit.SteppingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shadow forecaster runs on the active one's requests, is never published, and is compared with the bus. */
class ShadowRunTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:17:00Z");
    private static final Instant ISSUE = Instant.parse("2026-11-23T10:00:00Z");

    private final FakeBus bus = new FakeBus();
    private final SteppingClock clock = SteppingClock.at(NOW);
    private final TopologyProvider topology = () -> List.of(new Community(
            "demo",
            null,
            List.of(),
            List.of(new Asset("l1", null, AssetKind.LOAD, 0, 0), new Asset("pv1", null, AssetKind.PV, 5000, 0)),
            List.of(),
            List.of()));

    private void measure(String point, double w, Instant at) {
        bus.publish(List.of(Sample.good(PointId.of(point), w, at)));
    }

    @Test
    void theShadowSeesTheSameRequestsIsNeverPublishedAndIsComparedWithWhatWasMeasured() throws Exception {
        List<ForecastRequest> activeSaw = new ArrayList<>();
        List<ForecastRequest> shadowSaw = new ArrayList<>();
        FakeForecaster active = new FakeForecaster("a", "1.0.0", r -> {
            activeSaw.add(r);
            return FakeForecaster.filled(r, 1000);
        });
        FakeForecaster shadow = new FakeForecaster("s", "0.1.0", r -> {
            shadowSaw.add(r);
            return FakeForecaster.filled(r, 1500);
        });
        FakeStrategies strategies = new FakeStrategies().activate(active).shadow(shadow);
        ForecastRunner r = new ForecastRunner(bus, topology, strategies, ForecastRunnerTest.config(""), clock, false);
        assertThat(r.role()).isEqualTo(StrategyRole.FORECAST);
        assertThat(r.compare()).as("no shadow run yet").isEmpty();

        List<PublishedForecast> out = r.runOnce();
        assertThat(shadowSaw).isEqualTo(activeSaw).hasSize(2);
        assertThat(out)
                .allMatch(p -> p.strategy().equals("a") && p.forecast().p50().value(0) == 1000);
        assertThat(r.latest()).isEqualTo(out);

        // The load measured after the issue: 1200 W over 10:00-10:30 (two samples), 900 W over 10:30-11:00, and
        // 700 W in the half hour still running at 11:05 (not an actual yet). PV never measured.
        measure("demo.l1.p", 1100, ISSUE.plusSeconds(300));
        measure("demo.l1.p", 1300, ISSUE.plusSeconds(1200));
        measure("demo.l1.p", 900, ISSUE.plusSeconds(2400));
        measure("demo.l1.p", 700, ISSUE.plusSeconds(3900));
        clock.advance(Duration.ofMinutes(48)); // 11:05

        ShadowComparison c = r.compare().orElseThrow();
        // Active 1000 W: errors -200, +100 W. Shadow 1500 W: errors +300, +600 W.
        assertThat(c.figures()).isEqualTo(ShadowForecastsTest.loadAndUnmeasuredPv(0.15, 0.45, -0.05, 0.45, 2));
        assertThat(c.active()).isEqualTo("a 1.0.0");
        assertThat(c.shadow()).isEqualTo("s 0.1.0");
        assertThat(c.cycles()).isEqualTo(1);
        assertThat(c.to()).isEqualTo(NOW);

        // Promoted, the former shadow is active and nothing is in shadow: nothing to compare.
        strategies.activate(shadow);
        assertThat(r.compare()).isEmpty();
        r.deactivate();
    }
}
