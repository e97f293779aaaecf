package io.gridhub.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridhub.api.anomaly.AnomalyKind;
import io.gridhub.api.anomaly.AnomalySeverity;
import io.gridhub.api.anomaly.AnomalyState;
import io.gridhub.api.anomaly.Finding;
import io.gridhub.testkit.FakeAnomalyQueue;
import io.gridhub.testkit.RecordingAuditTrail;
import io.gridhub.testkit.SteppingClock;
import io.gridhub.web.internal.FakeHttp.Req;
import io.gridhub.web.internal.FakeHttp.Resp;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /anomalies, GET /anomalies/{anomaly} and POST /anomalies/{anomaly}/state through the filter and servlet. */
class AnomaliesTest {
    private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");

    @TempDir
    Path dir;

    private AccessFilter filter;
    private ApiServlet servlet;
    private FakeAnomalyQueue queue;

    static Finding finding(AnomalyKind kind, AnomalySeverity severity, String point, List<String> members) {
        return new Finding(
                "demo",
                kind,
                severity,
                point == null ? List.of() : List.of(point),
                members,
                T0,
                T0.plusSeconds(600),
                kind + " on " + point,
                1.5,
                "rules/1.0.0");
    }

    @BeforeEach
    void setUp() {
        SteppingClock clock = SteppingClock.at(T0);
        ApiTokens tokens = new ApiTokens(dir.resolve("keys/api-tokens.json"), Clock.systemUTC());
        filter = FakeHttp.filter(dir, tokens, List.of(EvSessionsTest.DEMO), new RecordingAuditTrail(clock));
        queue = new FakeAnomalyQueue(clock);
        servlet = FakeHttp.servlet(tokens, List.of(EvSessionsTest.DEMO), clock).anomalies(queue);
        // 1: m01's meter stuck; 2: a HIGH spike on the shared battery (no member); 3: m01 and m02 in one statement.
        queue.report(finding(AnomalyKind.STUCK, AnomalySeverity.MEDIUM, "demo.m01.p", List.of("m01")));
        queue.report(finding(AnomalyKind.SPIKE, AnomalySeverity.HIGH, "demo.shared-bat.p", List.of()));
        queue.report(finding(AnomalyKind.STATEMENT_CHANGE, AnomalySeverity.MEDIUM, null, List.of("m01", "m02")));
        TestRealm.user("viewer", Roles.VIEWER);
        TestRealm.user("operator", Roles.OPERATOR);
        TestRealm.user("m01", Roles.MEMBER, "member:m01");
    }

    private Resp send(Req r) throws Exception {
        return FakeHttp.through(filter, servlet, r);
    }

    private List<Long> ids(Req r) throws Exception {
        Resp resp = send(r);
        assertThat(resp.status).as(resp.body()).isEqualTo(200);
        List<Long> out = new ArrayList<>();
        Json.MAPPER
                .readTree(resp.body())
                .get("anomalies")
                .forEach(a -> out.add(a.get("id").asLong()));
        return out;
    }

    private static Req list(String user) {
        return new Req("GET", "/api/v1/anomalies").basic(user);
    }

    @Test
    void staffSeeEveryAnomalyViewersThoseAboutNoMemberAndAMemberItsOwnAlone() throws Exception {
        assertThat(ids(list("operator"))).containsExactly(3L, 2L, 1L);
        assertThat(ids(list("viewer"))).containsExactly(2L);
        assertThat(ids(list("m01"))).containsExactly(1L);
        assertThat(send(new Req("GET", "/api/v1/anomalies")).status).isEqualTo(401);
        assertThat(send(new Req("GET", "/api/v1/anomalies/1").basic("viewer")).status)
                .isEqualTo(403);
        assertThat(send(new Req("GET", "/api/v1/anomalies/3").basic("m01")).status)
                .isEqualTo(403);
        Resp one = send(new Req("GET", "/api/v1/anomalies/1").basic("m01"));
        assertThat(one.status).isEqualTo(200);
        JsonNode a = Json.MAPPER.readTree(one.body());
        assertThat(a.get("kind").asText()).isEqualTo("stuck");
        assertThat(a.get("severity").asText()).isEqualTo("medium");
        assertThat(a.get("state").asText()).isEqualTo("new");
        assertThat(a.get("points").get(0).asText()).isEqualTo("demo.m01.p");
        assertThat(a.get("from").asText()).isEqualTo("2026-12-07T08:00:00Z");
        assertThat(a.get("explanation").asText()).isEqualTo("STUCK on demo.m01.p");
        assertThat(send(new Req("GET", "/api/v1/anomalies/99").basic("operator")).status)
                .isEqualTo(404);
        assertThat(send(new Req("GET", "/api/v1/anomalies/x").basic("operator")).status)
                .isEqualTo(404);
    }

    @Test
    void theListIsFilteredByKindStateSeverityPointMemberAndCommunity() throws Exception {
        assertThat(ids(list("operator").param("kind", "spike"))).containsExactly(2L);
        assertThat(ids(list("operator").param("severity", "HIGH"))).containsExactly(2L);
        assertThat(ids(list("operator").param("point", "demo.m01.p"))).containsExactly(1L);
        assertThat(ids(list("operator").param("member", "m02"))).containsExactly(3L);
        assertThat(ids(list("operator").param("community", "north"))).isEmpty();
        assertThat(ids(list("operator").param("state", "new").param("limit", "2")))
                .containsExactly(3L, 2L);
        Resp bad = send(list("operator").param("kind", "wobble"));
        assertThat(bad.status).isEqualTo(400);
        assertThat(bad.body()).contains("kind must be one of", "shares_mismatch", "wobble");
        assertThat(send(list("operator").param("state", "closed")).body()).contains("state must be one of");
        assertThat(send(list("operator").param("severity", "urgent")).body()).contains("severity must be one of");
    }

    @Test
    void anOperatorChangesTheStateWithAComment() throws Exception {
        Resp r = send(new Req("POST", "/api/v1/anomalies/1/state")
                .basic("operator")
                .body(Routes.JSON, "{\"state\":\"acknowledged\",\"comment\":\"a technician goes on Monday\"}"));
        assertThat(r.status).as(r.body()).isEqualTo(200);
        JsonNode a = Json.MAPPER.readTree(r.body());
        assertThat(a.get("state").asText()).isEqualTo("acknowledged");
        assertThat(a.get("history").get(0).get("user").asText()).isEqualTo("operator");
        assertThat(a.get("history").get(0).get("from").asText()).isEqualTo("new");
        assertThat(a.get("history").get(0).get("comment").asText()).isEqualTo("a technician goes on Monday");
        assertThat(queue.get(1).orElseThrow().state()).isEqualTo(AnomalyState.ACKNOWLEDGED);
        assertThat(ids(list("operator").param("state", "acknowledged"))).containsExactly(1L);
    }

    @Test
    void stateChangesNeedAnOperatorAndAWellFormedBody() throws Exception {
        String ok = "{\"state\":\"resolved\",\"comment\":\"fixed\"}";
        List<Object[]> refused = List.of(
                new Object[] {null, "1", ok, 401, "needs credentials"},
                new Object[] {"viewer", "1", ok, 403, "operator"},
                new Object[] {"m01", "1", ok, 403, "operator"},
                new Object[] {"operator", "99", ok, 404, "no anomaly 99"},
                new Object[] {"operator", "1", "{\"comment\":\"fixed\"}", 400, "state: one of"},
                new Object[] {"operator", "1", "{\"state\":\"done\",\"comment\":\"x\"}", 400, "state must be one of"},
                new Object[] {"operator", "1", "{\"state\":\"resolved\"}", 400, "comment:"},
                new Object[] {"operator", "1", "{\"state\":\"resolved\",\"comment\":\" \"}", 400, "comment:"},
                new Object[] {"operator", "1", "{\"state\":\"resolved\",\"comment\":\"x\",\"by\":\"me\"}", 400, "'by'"},
                new Object[] {"operator", "1", "[1]", 400, "JSON object"},
                new Object[] {"operator", "1", "{\"state\":\"new\",\"comment\":\"x\"}", 409, "already"});
        for (Object[] c : refused) {
            Req req = new Req("POST", "/api/v1/anomalies/" + c[1] + "/state").body(Routes.JSON, (String) c[2]);
            Resp x = send(c[0] == null ? req : req.basic((String) c[0]));
            assertThat(x.status).as(c[0] + " " + c[1] + " " + c[2]).isEqualTo(c[3]);
            assertThat(x.body()).as(c[0] + " " + c[2]).contains((String) c[4]);
        }
        assertThat(queue.get(1).orElseThrow().history()).isEmpty();
        // The queue's audit trail refuses: not made, and the answer says why.
        queue.refuse = true;
        Resp r = send(
                new Req("POST", "/api/v1/anomalies/1/state").basic("operator").body(Routes.JSON, ok));
        assertThat(r.status).isEqualTo(503);
        assertThat(r.body()).contains("audit trail refused");
        assertThat(queue.get(1).orElseThrow().state()).isEqualTo(AnomalyState.NEW);
    }

    @Test
    void withoutAQueueTheAnomaliesAre503() throws Exception {
        servlet.anomalies(null);
        Resp r = send(list("operator"));
        assertThat(r.status).isEqualTo(503);
        assertThat(r.body()).contains("triage queue");
    }
}
