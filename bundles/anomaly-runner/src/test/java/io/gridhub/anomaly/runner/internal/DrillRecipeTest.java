package io.gridhub.anomaly.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.anomaly.detect.internal.TelemetryDetector;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Direction;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.MemberType;
import io.gridhub.api.model.Participation;
import io.gridhub.api.model.Point;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.PointKind;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Quantity;
import io.gridhub.api.model.Sample;
import io.gridhub.api.model.Site;
import io.gridhub.testkit.FakeBus;
import io.gridhub.testkit.FakeRegistry;
import io.gridhub.testkit.FakeStrategies;
import io.gridhub.testkit.Settings;
import io.gridhub.testkit.SteppingClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The readings of docs/anomalies.md's "Try it on the demo", pushed in one batch (all received now) onto the demo's
 * drill points: the first live run finds every injected kind on the right point, and nothing else.
 */
class DrillRecipeTest {
    private static final Instant NOW = Instant.parse("2026-12-07T03:00:00Z");

    @Test
    void theRecipesAnomaliesAreFoundWithTheirKinds() throws Exception {
        FakeBus bus = new FakeBus();
        FakeRegistry points = new FakeRegistry();
        FakeStrategies strategies = new FakeStrategies();
        List<Member> members = new ArrayList<>();
        for (String m : List.of("m11", "m12", "m13")) {
            Asset load = new Asset(m + "-load", null, AssetKind.LOAD, 0, 0);
            members.add(new Member(
                    m,
                    null,
                    MemberType.HOUSEHOLD,
                    List.of(new Site(m + "-site", null, null, List.of(load))),
                    List.of(new Participation("demo", 1))));
            points.register(Point.of(
                    PointId.of("demo." + m + "-load.drill"),
                    load.id(),
                    PointKind.MEASUREMENT,
                    Quantity.ACTIVE_POWER,
                    Direction.NONE));
        }
        Community demo = new Community("demo", null, members, List.of(), List.of(), List.of());
        AnomalyRunner runner = new AnomalyRunner(
                bus,
                () -> List.of(demo),
                points,
                strategies,
                SteppingClock.at(NOW),
                Settings.of(AnomalyRunner.Config.class, "community", "demo", "historyEveryMinutes", 0),
                false);
        strategies.activate(new TelemetryDetector());
        try {
            bus.publish(recipe());
            assertThat(runner.runLive())
                    .extracting(f -> f.kind() + " " + f.points().get(0))
                    .containsExactlyInAnyOrder(
                            "GAP demo.m11-load.drill",
                            "SPIKE demo.m11-load.drill",
                            "STUCK demo.m11-load.drill",
                            "OUT_OF_RANGE demo.m12-load.drill",
                            "SIGN_FLIP demo.m12-load.drill",
                            "CLOCK_DRIFT demo.m13-load.drill");
        } finally {
            runner.deactivate();
        }
    }

    /** What the recipe's script pushes, as the ingest publishes it: every reading received now. */
    private static List<Sample> recipe() {
        Random r = new Random(7);
        List<Sample> out = new ArrayList<>();
        for (int m = -300; m < 0; m++) {
            if (m >= -280 && m < -260) {
                continue;
            }
            double w = m >= -255 ? 742 : 200 + 1000 * r.nextDouble();
            out.add(sample("m11", m, m == -290 ? 9000 : w));
        }
        for (int m = -180; m < 0; m++) {
            double w = 200 + 1000 * r.nextDouble();
            out.add(sample("m12", m, m == -170 ? 250_000 : m >= -120 ? -w : w));
        }
        for (int m = 0; m < 5; m++) {
            out.add(sample("m13", 10 + m, 200 + 1000 * r.nextDouble()));
        }
        return out;
    }

    private static Sample sample(String member, int minutes, double w) {
        PointId p = PointId.of("demo." + member + "-load.drill");
        return new Sample(p, w, Quality.GOOD, NOW.plusSeconds(60L * minutes), NOW);
    }
}
