package io.gridhub.anomaly.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.anomaly.detect.internal.TelemetryDetector;
import io.gridhub.api.anomaly.Anomaly;
import io.gridhub.api.anomaly.AnomalyDetector;
import io.gridhub.api.anomaly.AnomalyFilter;
import io.gridhub.api.anomaly.AnomalyKind;
import io.gridhub.api.anomaly.AnomalyQueue;
import io.gridhub.api.anomaly.AnomalyState;
import io.gridhub.api.anomaly.DetectionWindow;
import io.gridhub.api.anomaly.Finding;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runner on the test kit's fakes: samples published on the bus reach the active detector as a live window, its
 * findings are filed once (again only when their evidence grows), a hot-swapped detector is used from the next
 * run, and one that throws is quarantined while the one before it runs in the same cycle.
 */
class AnomalyRunnerTest {
    private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");

    /** The queue's contract as far as the runner uses it: it records every report. */
    static final class RecordingQueue implements AnomalyQueue {
        final List<Finding> reports = new ArrayList<>();

        @Override
        public synchronized Anomaly report(Finding f) {
            reports.add(f);
            return new Anomaly(reports.size(), f, 1, T0, T0, AnomalyState.NEW, List.of());
        }

        @Override
        public List<Anomaly> list(AnomalyFilter filter) {
            return List.of();
        }

        @Override
        public Optional<Anomaly> get(long id) {
            return Optional.empty();
        }

        @Override
        public Anomaly transition(long id, AnomalyState state, String user, String comment) {
            throw new IllegalArgumentException("no anomaly " + id);
        }
    }

    /** A detector that throws. */
    record Broken(String version) implements AnomalyDetector {
        @Override
        public String name() {
            return "broken";
        }

        @Override
        public List<Finding> detect(DetectionWindow window) {
            throw new IllegalStateException("boom");
        }
    }

    private final FakeBus bus = new FakeBus();
    private final FakeRegistry points = new FakeRegistry();
    private final FakeStrategies strategies = new FakeStrategies();
    private final SteppingClock clock = SteppingClock.at(T0);
    private final RecordingQueue queue = new RecordingQueue();
    private final PointId load = PointId.of("demo.m1-load.p");
    private AnomalyRunner runner;

    private AnomalyRunner runner() {
        Asset a = new Asset("m1-load", null, AssetKind.LOAD, 0, 0);
        Community c = new Community(
                "demo",
                null,
                List.of(new Member(
                        "m1",
                        null,
                        MemberType.HOUSEHOLD,
                        List.of(new Site("m1-site", null, null, List.of(a))),
                        List.of(new Participation("demo", 1)))),
                List.of(),
                List.of(),
                List.of());
        points.register(Point.of(load, "m1-load", PointKind.MEASUREMENT, Quantity.ACTIVE_POWER, Direction.NONE));
        AnomalyRunner.Config config = Settings.of(
                AnomalyRunner.Config.class, "community", "demo", "windowMinutes", 360, "historyEveryMinutes", 0);
        runner = new AnomalyRunner(bus, () -> List.of(c), points, strategies, clock, config, false);
        runner.queue = queue;
        return runner;
    }

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.deactivate();
        }
    }

    /** Five hours of a household's load, one sample a minute, stuck at 742 W for the last four and a quarter. */
    private void publishStuckLoad() {
        Random r = new Random(1);
        for (int i = 0; i < 300; i++) {
            double w = i >= 45 ? 742 : 200 + 1000 * r.nextDouble();
            Instant t = T0.plusSeconds(60L * i);
            bus.publish(List.of(new Sample(load, w, Quality.GOOD, t, t.plusSeconds(1))));
        }
        clock.advance(Duration.ofMinutes(300));
    }

    @Test
    void liveSamplesReachTheDetectorAndItsFindingsAreFiledOnce() throws Exception {
        runner();
        strategies.activate(new TelemetryDetector());
        publishStuckLoad();

        List<Finding> found = runner.runLive();
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(AnomalyKind.STUCK);
            assertThat(f.points()).containsExactly("demo.m1-load.p");
            assertThat(f.members()).containsExactly("m1");
        });
        assertThat(queue.reports).hasSize(1);

        runner.runLive();
        assertThat(queue.reports).as("the same evidence is not filed twice").hasSize(1);

        Instant t = T0.plusSeconds(300 * 60);
        bus.publish(List.of(new Sample(load, 742, Quality.GOOD, t, t)));
        clock.advance(Duration.ofMinutes(1));
        runner.runLive();
        assertThat(queue.reports)
                .as("grown evidence is filed again, for the queue to fold")
                .hasSize(2);
        assertThat(queue.reports.get(1).to()).isAfter(queue.reports.get(0).to());
    }

    @Test
    void aDetectorThatThrowsIsQuarantinedAndTheOneBeforeRunsInTheSameCycle() throws Exception {
        runner();
        strategies.activate(new TelemetryDetector());
        strategies.activate(new Broken("2.0.0"));
        publishStuckLoad();

        List<Finding> found = runner.runLive();
        assertThat(strategies.quarantined())
                .singleElement()
                .asString()
                .startsWith("broken 2.0.0: threw java.lang.IllegalStateException: boom");
        assertThat(found).extracting(Finding::kind).containsExactly(AnomalyKind.STUCK);
        assertThat(queue.reports).hasSize(1);
    }

    @Test
    void aHotSwappedDetectorIsUsedFromTheNextRun() throws Exception {
        runner();
        publishStuckLoad();
        assertThat(runner.runLive()).as("no detector active yet").isEmpty();

        strategies.activate(new TelemetryDetector());
        assertThat(runner.runLive()).hasSize(1);
        assertThat(runner.latest()).hasSize(1);
    }

    @Test
    void withoutAQueueFindingsAreKeptNotFiled() throws Exception {
        runner();
        runner.queue = null;
        strategies.activate(new TelemetryDetector());
        publishStuckLoad();
        assertThat(runner.runLive()).hasSize(1);
        assertThat(runner.latest()).hasSize(1);

        runner.queue = queue;
        runner.runLive();
        assertThat(queue.reports).as("filed once a queue is there").hasSize(1);
    }

    @Test
    void theLiveWindowKeepsEveryChangeAndAHeldValueOncePerSpacing() {
        LiveWindow w = new LiveWindow(100, Duration.ofSeconds(15));
        for (int i = 0; i < 60; i++) {
            double v = i == 30 ? 9000 : 500;
            Instant t = T0.plusSeconds(i);
            w.add(List.of(new Sample(load, v, Quality.GOOD, t, t)));
        }
        assertThat(w.samples(load, T0)).extracting(Sample::value).containsExactly(500.0, 500.0, 9000.0, 500.0, 500.0);
        assertThat(w.samples(load, T0))
                .extracting(Sample::sourceTime)
                .containsExactly(T0, T0.plusSeconds(15), T0.plusSeconds(30), T0.plusSeconds(31), T0.plusSeconds(46));
        w.trim(T0.plusSeconds(31));
        assertThat(w.samples(load, T0)).hasSize(2);
    }
}
