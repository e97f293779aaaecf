package io.gridhub.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.audit.AuditException;
import io.gridhub.api.audit.AuditRecord;
import io.gridhub.api.audit.AuditTrail;
import io.gridhub.api.audit.AuditVerification;
import io.gridhub.api.event.HubEvent;
import io.gridhub.api.event.Severity;
import io.gridhub.api.loop.ControlAuthority;
import io.gridhub.api.loop.ControlMode;
import io.gridhub.api.loop.LoopStage;
import io.gridhub.api.loop.StageOutcome;
import io.gridhub.api.loop.StageRun;
import io.gridhub.testkit.RecordingEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The loop, control, events and audit resources on the wire. */
class LoopResourcesTest {
    static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

    private static int status(Throwable t) {
        return ((ApiException) t).status();
    }

    private static FakeLoop loop() {
        FakeLoop l = new FakeLoop();
        l.authorities.put(
                "demo", new ControlAuthority("demo", ControlMode.AUTONOMOUS, "policy control-authority-demo@v1"));
        l.authorities.put("north", new ControlAuthority("north", ControlMode.ADVISORY, "configuration"));
        l.stages.put(
                "demo",
                List.of(
                        new StageRun(LoopStage.SENSE, 7, T, Duration.ofMillis(200), StageOutcome.OK, null, null, null),
                        new StageRun(
                                LoopStage.FORECAST,
                                7,
                                T.plusMillis(200),
                                Duration.ofMillis(1500),
                                StageOutcome.DEGRADED,
                                "no forecast of demo.pv: persistence used",
                                "persistence",
                                "1.0.0")));
        return l;
    }

    @Test
    void theLoopListsItsCommunitiesAndEachOnesStagesAndAuthority() throws Exception {
        FakeLoop l = loop();
        String demo = Json.MAPPER.writeValueAsString(Loop.community(l, "demo"));
        assertThat(demo)
                .isEqualTo("{\"community\":\"demo\",\"authority\":{\"community\":\"demo\",\"mode\":"
                        + "\"AUTONOMOUS\",\"source\":\"policy control-authority-demo@v1\"},\"stages\":["
                        + "{\"stage\":\"SENSE\",\"cycle\":7,\"start\":\"2026-12-07T10:00:00Z\",\"duration\":\"PT0.2S\","
                        + "\"outcome\":\"OK\",\"reason\":\"\",\"strategy\":\"\",\"version\":\"\",\"solveTime\":null},"
                        + "{\"stage\":\"FORECAST\",\"cycle\":7,\"start\":\"2026-12-07T10:00:00.200Z\",\"duration\":"
                        + "\"PT1.5S\",\"outcome\":\"DEGRADED\",\"reason\":\"no forecast of demo.pv: persistence used\","
                        + "\"strategy\":\"persistence\",\"version\":\"1.0.0\",\"solveTime\":null}]}");
        assertThatThrownBy(() -> Loop.community(l, "south"))
                .satisfies(e -> assertThat(status(e)).isEqualTo(404))
                .hasMessage("the operating loop runs no community 'south' " + "(it runs [demo, north])");
    }

    @Test
    void controlShowsTheModeInForceAndWhereItComesFrom() throws Exception {
        FakeLoop l = loop();
        assertThat(Json.MAPPER.writeValueAsString(l.authority(Loop.known(l, "demo"))))
                .isEqualTo("{\"community\":\"demo\",\"mode\":\"AUTONOMOUS\",\"source\":"
                        + "\"policy control-authority-demo@v1\"}");
        assertThat(Json.MAPPER.writeValueAsString(Control.all(l, PageTest.page(Map.of()))))
                .startsWith("{\"authorities\":[{\"community\":\"demo\",")
                .endsWith("\"total\":2,\"limit\":1000,\"offset\":0,\"next\":null}")
                .contains("{\"community\":\"north\",\"mode\":\"ADVISORY\",\"source\":\"configuration\"}");
        assertThatThrownBy(() -> Loop.known(l, "south"))
                .satisfies(e -> assertThat(status(e)).isEqualTo(404));
    }

    @Test
    void eventsArePagedNewestFirst100ByDefault() throws Exception {
        List<Integer> asked = new ArrayList<>();
        RecordingEvents ev = new RecordingEvents(Clock.fixed(T, ZoneOffset.UTC)) {
            @Override
            public List<HubEvent> recent(int limit) {
                asked.add(limit);
                return super.recent(limit);
            }
        };
        ev.raise("demo", "loop.execute", Severity.WARNING, "bat", "write of -3000 W refused: device offline");
        assertThat(Json.MAPPER.writeValueAsString(Events.get(ev, PageTest.page(Map.of(), Page.LOG))))
                .isEqualTo("{\"events\":[{"
                        + "\"id\":1,\"time\":\"2026-12-07T10:00:00Z\",\"community\":\"demo\","
                        + "\"source\":\"loop.execute\","
                        + "\"severity\":\"WARNING\",\"subject\":\"bat\",\"message\":\"write of -3000 W refused: device "
                        + "offline\"}],\"limit\":100,\"offset\":0,\"next\":null}");
        Events.get(ev, PageTest.page(Map.of("limit", "5"), Page.LOG));
        Events.get(ev, PageTest.page(Map.of("limit", " 7 ", "offset", "20"), Page.LOG));
        // One more than the page, to know whether another follows.
        assertThat(asked).containsExactly(101, 6, 28);
        for (String bad : List.of("ten", "0", "50000", "-1")) {
            assertThatThrownBy(() -> Events.get(ev, PageTest.page(Map.of("limit", bad), Page.LOG)))
                    .satisfies(e -> assertThat(status(e)).isEqualTo(400))
                    .hasMessageStartingWith("limit must be ");
        }
    }

    /** A trail of one entry whose check result a test sets. */
    static final class FakeTrail implements AuditTrail {
        AuditVerification verification = new AuditVerification(1, Optional.empty());
        String askedPrefix;
        int askedLimit;
        boolean down;

        @Override
        public AuditRecord append(
                String actor, String channel, String action, String subject, String outcome, String detail) {
            throw new UnsupportedOperationException("the REST API only reads the trail");
        }

        @Override
        public List<AuditRecord> recent(String subjectPrefix, int limit) throws AuditException {
            if (down) {
                throw new AuditException("the store is closed", null);
            }
            askedPrefix = subjectPrefix;
            askedLimit = limit;
            return List.of(new AuditRecord(
                    1, T, "alice", "rest", "plan.confirm", "plan demo-1", "confirmed", "mode SUPERVISED", "ab12"));
        }

        @Override
        public AuditVerification verify() {
            return verification;
        }
    }

    @Test
    void auditEntriesAndTheCheckOfTheWholeTrail() throws Exception {
        FakeTrail trail = new FakeTrail();
        String entries = Json.MAPPER.writeValueAsString(
                Audit.entries(trail, "plan ", PageTest.page(Map.of("limit", "20"), Page.LOG)));
        assertThat(entries)
                .isEqualTo("{\"entries\":[{\"seq\":1,\"at\":\"2026-12-07T10:00:00Z\",\"actor\":\"alice\","
                        + "\"channel\":\"rest\",\"action\":\"plan.confirm\",\"subject\":\"plan demo-1\",\"outcome\":"
                        + "\"confirmed\",\"detail\":\"mode SUPERVISED\",\"mac\":\"ab12\"}],\"limit\":20,\"offset\":0,"
                        + "\"next\":null}");
        assertThat(trail.askedPrefix).isEqualTo("plan");
        assertThat(trail.askedLimit).isEqualTo(21);
        Audit.entries(trail, null, PageTest.page(Map.of(), Page.LOG));
        assertThat(trail.askedPrefix).isEmpty();
        assertThat(trail.askedLimit).isEqualTo(101);

        assertThat(Json.MAPPER.writeValueAsString(Audit.verification(trail.verify())))
                .isEqualTo("{\"intact\":true,\"entries\":1,\"problem\":null}");
        trail.verification = new AuditVerification(41, Optional.of("entry 17: mac does not match"));
        assertThat(Json.MAPPER.writeValueAsString(Audit.verification(trail.verify())))
                .isEqualTo("{\"intact\":false,\"entries\":41,\"problem\":\"entry 17: mac does not match\"}");

        trail.down = true;
        assertThatThrownBy(() -> Audit.entries(trail, null, PageTest.page(Map.of(), Page.LOG)))
                .satisfies(e -> assertThat(status(e)).isEqualTo(503))
                .hasMessageContaining("the store is closed");
    }
}
