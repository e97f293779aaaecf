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
        assertThat(Json.MAPPER.writeValueAsString(Loop.get(l, new String[] {"loop"})))
                .isEqualTo("{\"communities\":[\"demo\",\"north\"]}");
        String demo = Json.MAPPER.writeValueAsString(Loop.get(l, new String[] {"loop", "demo"}));
        assertThat(demo)
                .isEqualTo("{\"community\":\"demo\",\"authority\":{\"community\":\"demo\",\"mode\":"
                        + "\"AUTONOMOUS\",\"source\":\"policy control-authority-demo@v1\"},\"stages\":["
                        + "{\"stage\":\"SENSE\",\"cycle\":7,\"start\":\"2026-12-07T10:00:00Z\",\"duration\":\"PT0.2S\","
                        + "\"outcome\":\"OK\",\"reason\":\"\",\"strategy\":\"\",\"version\":\"\"},"
                        + "{\"stage\":\"FORECAST\",\"cycle\":7,\"start\":\"2026-12-07T10:00:00.200Z\",\"duration\":"
                        + "\"PT1.5S\",\"outcome\":\"DEGRADED\",\"reason\":\"no forecast of demo.pv: persistence used\","
                        + "\"strategy\":\"persistence\",\"version\":\"1.0.0\"}]}");
        assertThatThrownBy(() -> Loop.get(l, new String[] {"loop", "south"}))
                .satisfies(e -> assertThat(status(e)).isEqualTo(404))
                .hasMessage("the operating loop runs no community 'south' " + "(it runs [demo, north])");
        assertThatThrownBy(() -> Loop.get(l, new String[] {"loop", "demo", "x"}))
                .satisfies(e -> assertThat(status(e)).isEqualTo(404));
    }

    @Test
    void controlShowsTheModeInForceAndWhereItComesFrom() throws Exception {
        FakeLoop l = loop();
        assertThat(Json.MAPPER.writeValueAsString(Control.get(l, new String[] {"control", "demo"})))
                .isEqualTo("{\"community\":\"demo\",\"mode\":\"AUTONOMOUS\",\"source\":"
                        + "\"policy control-authority-demo@v1\"}");
        assertThat(Json.MAPPER.writeValueAsString(Control.get(l, new String[] {"control"})))
                .startsWith("{\"authorities\":[{\"community\":\"demo\",")
                .contains("{\"community\":\"north\",\"mode\":\"ADVISORY\",\"source\":\"configuration\"}");
        assertThatThrownBy(() -> Control.get(l, new String[] {"control", "south"}))
                .satisfies(e -> assertThat(status(e)).isEqualTo(404));
    }

    @Test
    void eventsTakeALimitOf100ByDefaultAndAtMost10000() throws Exception {
        List<Integer> asked = new ArrayList<>();
        RecordingEvents ev = new RecordingEvents(Clock.fixed(T, ZoneOffset.UTC)) {
            @Override
            public List<HubEvent> recent(int limit) {
                asked.add(limit);
                return super.recent(limit);
            }
        };
        ev.raise("demo", "loop.execute", Severity.WARNING, "bat", "write of -3000 W refused: device offline");
        String[] seg = {"events"};
        assertThat(Json.MAPPER.writeValueAsString(Events.get(ev, seg, x -> null)))
                .isEqualTo("{\"events\":[{"
                        + "\"id\":1,\"time\":\"2026-12-07T10:00:00Z\",\"community\":\"demo\","
                        + "\"source\":\"loop.execute\","
                        + "\"severity\":\"WARNING\",\"subject\":\"bat\",\"message\":\"write of -3000 W refused: device "
                        + "offline\"}]}");
        Events.get(ev, seg, Map.of("limit", "5")::get);
        Events.get(ev, seg, Map.of("limit", "50000")::get);
        Events.get(ev, seg, Map.of("limit", "0")::get);
        Events.get(ev, seg, Map.of("limit", " 7 ")::get);
        assertThat(asked).containsExactly(100, 5, 10_000, 1, 7);
        assertThatThrownBy(() -> Events.get(ev, seg, Map.of("limit", "ten")::get))
                .satisfies(e -> assertThat(status(e)).isEqualTo(400))
                .hasMessage("limit must be a number, got 'ten'");
        assertThatThrownBy(() -> Events.get(ev, new String[] {"events", "3"}, x -> null))
                .satisfies(e -> assertThat(status(e)).isEqualTo(404));
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
                Audit.get(trail, new String[] {"audit"}, Map.of("subject", "plan ", "limit", "20")::get));
        assertThat(entries)
                .isEqualTo("{\"entries\":[{\"seq\":1,\"at\":\"2026-12-07T10:00:00Z\",\"actor\":\"alice\","
                        + "\"channel\":\"rest\",\"action\":\"plan.confirm\",\"subject\":\"plan demo-1\",\"outcome\":"
                        + "\"confirmed\",\"detail\":\"mode SUPERVISED\",\"mac\":\"ab12\"}]}");
        assertThat(trail.askedPrefix).isEqualTo("plan");
        assertThat(trail.askedLimit).isEqualTo(20);
        Audit.get(trail, new String[] {"audit"}, x -> null);
        assertThat(trail.askedPrefix).isEmpty();
        assertThat(trail.askedLimit).isEqualTo(100);

        String[] verify = {"audit", "verify"};
        assertThat(Json.MAPPER.writeValueAsString(Audit.get(trail, verify, x -> null)))
                .isEqualTo("{\"intact\":true,\"entries\":1,\"problem\":null}");
        trail.verification = new AuditVerification(41, Optional.of("entry 17: mac does not match"));
        assertThat(Json.MAPPER.writeValueAsString(Audit.get(trail, verify, x -> null)))
                .isEqualTo("{\"intact\":false,\"entries\":41,\"problem\":\"entry 17: mac does not match\"}");

        trail.down = true;
        assertThatThrownBy(() -> Audit.get(trail, new String[] {"audit"}, x -> null))
                .satisfies(e -> assertThat(status(e)).isEqualTo(503))
                .hasMessageContaining("the store is closed");
        assertThatThrownBy(() -> Audit.get(trail, new String[] {"audit", "x"}, x -> null))
                .satisfies(e -> assertThat(status(e)).isEqualTo(404));
    }
}
