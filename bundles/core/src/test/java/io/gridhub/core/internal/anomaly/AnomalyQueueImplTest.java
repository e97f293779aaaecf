package io.gridhub.core.internal.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.gridhub.api.anomaly.Anomaly;
import io.gridhub.api.anomaly.AnomalyFilter;
import io.gridhub.api.anomaly.AnomalyKind;
import io.gridhub.api.anomaly.AnomalySeverity;
import io.gridhub.api.anomaly.AnomalyState;
import io.gridhub.api.anomaly.Finding;
import io.gridhub.api.event.Severity;
import io.gridhub.testkit.RecordingAuditTrail;
import io.gridhub.testkit.RecordingEvents;
import io.gridhub.testkit.Settings;
import io.gridhub.testkit.SteppingClock;
import io.gridhub.testkit.Waits;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnomalyQueueImplTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private final SteppingClock clock = SteppingClock.at(T0);
    private final RecordingAuditTrail trail = new RecordingAuditTrail(clock);
    private final RecordingEvents events = new RecordingEvents(clock);
    private AnomalyQueueImpl queue;

    @TempDir
    Path dir;

    private AnomalyQueueImpl queue(Object... settings) {
        return queue(AnomalyBook.inMemory(), settings);
    }

    private AnomalyQueueImpl queue(AnomalyBook book, Object... settings) {
        queue = new AnomalyQueueImpl(Settings.of(AnomalyQueueImpl.Config.class, settings), clock, book);
        queue.trail = trail;
        queue.events = events;
        return queue;
    }

    @AfterEach
    void stop() {
        if (queue != null) {
            queue.deactivate();
        }
    }

    static Finding stuck(String point, Instant from, Instant to, AnomalySeverity severity) {
        return new Finding(
                "demo",
                AnomalyKind.STUCK,
                severity,
                List.of(point),
                List.of("m01"),
                from,
                to,
                point + " did not change for an hour",
                2,
                "rules/1.0.0");
    }

    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    @Test
    void duplicatesOfAnOpenAnomalyFoldIntoIt() {
        AnomalyQueueImpl q = queue("foldGapSeconds", 300);
        Anomaly first = q.report(stuck("demo.m01.p", at(0), at(10), AnomalySeverity.LOW));
        clock.advance(Duration.ofMinutes(5));
        // Overlapping, then adjacent within the gap: both fold in, the window widens.
        Anomaly second = q.report(stuck("demo.m01.p", at(5), at(15), AnomalySeverity.MEDIUM));
        Anomaly third = q.report(stuck("demo.m01.p", at(19), at(25), AnomalySeverity.LOW));
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(third.id()).isEqualTo(first.id());
        assertThat(third.occurrences()).isEqualTo(3);
        assertThat(third.finding().from()).isEqualTo(at(0));
        assertThat(third.finding().to()).isEqualTo(at(25));
        assertThat(third.finding().severity()).isEqualTo(AnomalySeverity.MEDIUM);
        assertThat(third.firstSeen()).isEqualTo(T0);
        assertThat(third.lastSeen()).isEqualTo(at(5));
        assertThat(q.list(AnomalyFilter.all(10))).hasSize(1);
    }

    @Test
    void anotherPointKindOrAFarWindowOpensAnotherAnomaly() {
        AnomalyQueueImpl q = queue("foldGapSeconds", 60);
        long a = q.report(stuck("demo.m01.p", at(0), at(10), AnomalySeverity.LOW))
                .id();
        long b = q.report(stuck("demo.m02.p", at(0), at(10), AnomalySeverity.LOW))
                .id();
        long c = q.report(stuck("demo.m01.p", at(12), at(20), AnomalySeverity.LOW))
                .id();
        Finding spike = new Finding(
                "demo",
                AnomalyKind.SPIKE,
                AnomalySeverity.LOW,
                List.of("demo.m01.p"),
                List.of("m01"),
                at(0),
                at(10),
                "a spike",
                1,
                "");
        long d = q.report(spike).id();
        assertThat(List.of(a, b, c, d)).doesNotHaveDuplicates();
    }

    @Test
    void aDuplicateOfAClosedAnomalyOpensANewOne() {
        AnomalyQueueImpl q = queue();
        Anomaly a = q.report(stuck("demo.m01.p", at(0), at(10), AnomalySeverity.LOW));
        q.transition(a.id(), AnomalyState.RESOLVED, "operator", "meter replaced");
        Anomaly b = q.report(stuck("demo.m01.p", at(5), at(15), AnomalySeverity.LOW));
        assertThat(b.id()).isNotEqualTo(a.id());
        assertThat(b.state()).isEqualTo(AnomalyState.NEW);
    }

    @Test
    void transitionsFollowTheRulesAndEachIsAudited() {
        AnomalyQueueImpl q = queue();
        long id = q.report(stuck("demo.m01.p", at(0), at(10), AnomalySeverity.LOW))
                .id();
        clock.advance(Duration.ofMinutes(1));
        Anomaly ack = q.transition(id, AnomalyState.ACKNOWLEDGED, "olga", "looking at it");
        assertThat(ack.state()).isEqualTo(AnomalyState.ACKNOWLEDGED);
        assertThat(ack.history())
                .containsExactly(new Anomaly.Transition(
                        at(1), "olga", AnomalyState.NEW, AnomalyState.ACKNOWLEDGED, "looking at it"));
        assertThatThrownBy(() -> q.transition(id, AnomalyState.NEW, "olga", "back"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("acknowledged")
                .hasMessageContaining("not new");
        q.transition(id, AnomalyState.FALSE_POSITIVE, "olga", "the meter was being calibrated");
        Anomaly reopened = q.transition(id, AnomalyState.NEW, "piet", "it happened again after calibration");
        assertThat(reopened.history())
                .extracting(Anomaly.Transition::to)
                .containsExactly(AnomalyState.ACKNOWLEDGED, AnomalyState.FALSE_POSITIVE, AnomalyState.NEW);
        assertThat(trail.records)
                .extracting(r -> r.actor() + " " + r.channel() + " " + r.action() + " " + r.subject())
                .containsExactly(
                        "olga anomaly anomaly.acknowledged anomaly/" + id,
                        "olga anomaly anomaly.false_positive anomaly/" + id,
                        "piet anomaly anomaly.new anomaly/" + id);
        assertThat(trail.records.get(2).detail()).contains("false_positive -> new", "after calibration");
    }

    @Test
    void aTransitionNeedsAKnownIdAUserAndAComment() {
        AnomalyQueueImpl q = queue();
        long id = q.report(stuck("demo.m01.p", at(0), at(10), AnomalySeverity.LOW))
                .id();
        assertThatThrownBy(() -> q.transition(id + 1, AnomalyState.RESOLVED, "olga", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no anomaly " + (id + 1));
        assertThatThrownBy(() -> q.transition(id, AnomalyState.RESOLVED, " ", "x"))
                .hasMessageStartingWith("user:");
        assertThatThrownBy(() -> q.transition(id, AnomalyState.RESOLVED, "olga", ""))
                .hasMessageStartingWith("comment:");
        assertThatThrownBy(() -> q.transition(id, AnomalyState.NEW, "olga", "x"))
                .hasMessageContaining("not new");
        assertThat(trail.records).isEmpty();
    }

    @Test
    void aTransitionTheTrailRefusesOrWithoutATrailIsNotMade() {
        AnomalyQueueImpl q = queue();
        long id = q.report(stuck("demo.m01.p", at(0), at(10), AnomalySeverity.LOW))
                .id();
        trail.refuse = true;
        assertThatThrownBy(() -> q.transition(id, AnomalyState.RESOLVED, "olga", "fixed"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("audit trail refused");
        assertThat(q.get(id).orElseThrow().state()).isEqualTo(AnomalyState.NEW);
        q.trail = null;
        assertThatThrownBy(() -> q.transition(id, AnomalyState.RESOLVED, "olga", "fixed"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no audit trail");
        assertThat(q.get(id).orElseThrow().history()).isEmpty();
    }

    @Test
    void listFiltersAndPutsTheNewestFirst() {
        AnomalyQueueImpl q = queue();
        long a = q.report(stuck("demo.m01.p", at(0), at(10), AnomalySeverity.LOW))
                .id();
        clock.advance(Duration.ofMinutes(1));
        long b = q.report(stuck("demo.m02.p", at(0), at(10), AnomalySeverity.HIGH))
                .id();
        clock.advance(Duration.ofMinutes(1));
        Finding other = new Finding(
                "north",
                AnomalyKind.GAP,
                AnomalySeverity.MEDIUM,
                List.of("north.f1.p"),
                List.of(),
                at(0),
                at(10),
                "no samples for 10 minutes",
                1,
                "");
        long c = q.report(other).id();
        q.transition(a, AnomalyState.ACKNOWLEDGED, "olga", "seen");
        assertThat(q.list(AnomalyFilter.all(10))).extracting(Anomaly::id).containsExactly(c, b, a);
        assertThat(q.list(AnomalyFilter.all(2))).extracting(Anomaly::id).containsExactly(c, b);
        assertThat(q.list(new AnomalyFilter("demo", null, null, null, null, null, 10)))
                .extracting(Anomaly::id)
                .containsExactly(b, a);
        assertThat(q.list(new AnomalyFilter(null, AnomalyKind.GAP, null, null, null, null, 10)))
                .extracting(Anomaly::id)
                .containsExactly(c);
        assertThat(q.list(new AnomalyFilter(null, null, AnomalyState.ACKNOWLEDGED, null, null, null, 10)))
                .extracting(Anomaly::id)
                .containsExactly(a);
        assertThat(q.list(new AnomalyFilter(null, null, null, AnomalySeverity.HIGH, null, null, 10)))
                .extracting(Anomaly::id)
                .containsExactly(b);
        assertThat(q.list(new AnomalyFilter(null, null, null, null, "demo.m02.p", null, 10)))
                .extracting(Anomaly::id)
                .containsExactly(b);
        assertThat(q.list(new AnomalyFilter(null, null, null, null, null, "m01", 10)))
                .extracting(Anomaly::id)
                .containsExactly(b, a);
    }

    @Test
    void closedAnomaliesBeyondTheCapGoOldestFirstAndOpenOnesLeastSevereFirst() {
        AnomalyQueueImpl q = queue("maxClosed", 2, "maxOpen", 2);
        for (int i = 1; i <= 3; i++) {
            long id = q.report(stuck("demo.m0" + i + ".p", at(0), at(10), AnomalySeverity.LOW))
                    .id();
            q.transition(id, AnomalyState.RESOLVED, "olga", "fixed");
        }
        assertThat(q.list(AnomalyFilter.all(10))).extracting(Anomaly::id).containsExactlyInAnyOrder(2L, 3L);
        long high = q.report(stuck("demo.m04.p", at(0), at(10), AnomalySeverity.HIGH))
                .id();
        clock.advance(Duration.ofMinutes(1));
        long low = q.report(stuck("demo.m05.p", at(0), at(10), AnomalySeverity.LOW))
                .id();
        clock.advance(Duration.ofMinutes(1));
        long newer = q.report(stuck("demo.m06.p", at(0), at(10), AnomalySeverity.MEDIUM))
                .id();
        assertThat(q.list(new AnomalyFilter(null, null, AnomalyState.NEW, null, null, null, 10)))
                .extracting(Anomaly::id)
                .containsExactlyInAnyOrder(high, newer)
                .doesNotContain(low);
    }

    @Test
    void theQueueSurvivesARestartAndABrokenFileIsSetAside() throws Exception {
        Path file = dir.resolve("anomalies.json");
        AnomalyQueueImpl q = queue(AnomalyBook.at(file));
        long id = q.report(stuck("demo.m01.p", at(0), at(10), AnomalySeverity.LOW))
                .id();
        q.transition(id, AnomalyState.ACKNOWLEDGED, "olga", "seen");
        q.report(stuck("demo.m01.p", at(10), at(20), AnomalySeverity.LOW));
        q.deactivate();

        AnomalyQueueImpl again = queue(AnomalyBook.at(file));
        Anomaly a = again.get(id).orElseThrow();
        assertThat(a.state()).isEqualTo(AnomalyState.ACKNOWLEDGED);
        assertThat(a.occurrences()).isEqualTo(2);
        assertThat(a.history()).hasSize(1);
        assertThat(a.finding().to()).isEqualTo(at(20));
        assertThat(again.report(stuck("demo.m09.p", at(0), at(1), AnomalySeverity.LOW))
                        .id())
                .isGreaterThan(id);
        again.deactivate();

        Files.writeString(file, "{\"anomalies\": [{\"id\": \"x\"", StandardCharsets.UTF_8);
        AnomalyQueueImpl broken = queue(AnomalyBook.at(file));
        assertThat(broken.list(AnomalyFilter.all(10))).isEmpty();
        assertThat(dir.resolve("anomalies.json.broken")).exists();
        assertThat(broken.report(stuck("demo.m01.p", at(0), at(1), AnomalySeverity.LOW))
                        .id())
                .isEqualTo(1);
    }

    @Test
    void aNewHighAnomalyIsAnEventAndPostedToItsCommunitysWebhook() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<String> bodies = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        server.createContext("/hook", ex -> {
            // The first post fails: the alert is tried again.
            int n = calls.incrementAndGet();
            if (n > 1) {
                bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            }
            ex.sendResponseHeaders(n > 1 ? 204 : 500, -1);
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
            AnomalyQueueImpl q = queue("webhooks", new String[] {"demo=" + url}, "webhookAttempts", 3);
            q.report(stuck("demo.m01.p", at(0), at(10), AnomalySeverity.LOW));
            assertThat(events.raised).isEmpty();
            long id = q.report(stuck("demo.m02.p", at(0), at(10), AnomalySeverity.HIGH))
                    .id();
            // A duplicate is no new alert.
            q.report(stuck("demo.m02.p", at(5), at(15), AnomalySeverity.HIGH));
            assertThat(events.raised).singleElement().satisfies(e -> {
                assertThat(e.severity()).isEqualTo(Severity.ALARM);
                assertThat(e.community()).isEqualTo("demo");
                assertThat(e.subject()).isEqualTo("anomaly/" + id);
                assertThat(e.message()).contains("STUCK", "demo.m02.p did not change");
            });
            Waits.until(
                    Duration.ofSeconds(10),
                    () -> q.webhookCounts().delivered() == 1,
                    "the webhook post after one failure");
            assertThat(bodies.get(0)).contains("\"event\":\"anomaly\"", "\"id\":" + id, "\"severity\":\"HIGH\"");
            assertThat(bodies).hasSize(1);
            assertThat(q.webhookCounts()).isEqualTo(new Webhooks.Counts(1, 0, 0));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aWebhookOffThisHostNeedsRemoteAllowed() {
        String[] hooks = {"demo=https://alerts.example.org/hook", "north=http://[::1]:9000/x", "bad", "x=ftp://h/"};
        assertThat(Webhooks.parse(hooks, false)).containsOnlyKeys("north");
        assertThat(Webhooks.parse(hooks, true)).containsOnlyKeys("demo", "north");
        assertThat(Webhooks.parse(new String[] {"demo=http://127.0.0.1:9000/a, north=http://localhost/b"}, false))
                .containsOnlyKeys("demo", "north");
        assertThat(Webhooks.loopback("localhost")).isTrue();
        assertThat(Webhooks.loopback("127.0.0.2")).isTrue();
        assertThat(Webhooks.loopback("10.0.0.1")).isFalse();
        assertThat(Webhooks.loopback("localhost.example.org")).isFalse();
    }
}
