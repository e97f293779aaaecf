package io.gridhub.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridhub.api.dispatch.BatteryParameters;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.governance.Actor;
import io.gridhub.api.governance.PolicyProposal;
import io.gridhub.api.loop.ControlAuthority;
import io.gridhub.api.loop.ControlMode;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.MemberType;
import io.gridhub.api.model.Site;
import io.gridhub.api.model.TimeSeries;
import io.gridhub.drill.internal.LiveDrills;
import io.gridhub.testkit.FakeGovernance;
import io.gridhub.testkit.RecordingAuditTrail;
import io.gridhub.testkit.SteppingClock;
import io.gridhub.web.internal.FakeHttp.Req;
import io.gridhub.web.internal.FakeHttp.Resp;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /drills on the live state, GET /drills[/{drill}[/report.html]], POST /drills/{drill}/propose, with roles. */
class DrillsTest {
    private static final Instant T0 = Instant.parse("2026-12-07T18:00:00Z");
    private static final String OUTAGE = "{\"id\":\"storm\",\"events\":[{\"type\":\"outage\",\"hours\":24}],"
            + "\"loads\":{\"default\":{\"criticalShare\":1}},\"runs\":50}";

    @TempDir
    Path dir;

    private AccessFilter filter;
    private ApiServlet servlet;
    private final FakeLoop loop = new FakeLoop();
    private final SteppingClock clock = SteppingClock.at(T0);
    private final FakeGovernance governance = new FakeGovernance(clock);
    private final RecordingAuditTrail audit = new RecordingAuditTrail(clock);

    /**
     * The live state of community demo: one home whose whole load (1 kW, constant) is critical, no PV, and a shared
     * battery holding 10 kWh above its minimum: an outage from now is carried for 10 h.
     */
    static Scenario tenKWhForOneKW() {
        Community c = new Community(
                "demo",
                "Demo",
                List.of(new Member(
                        "m01",
                        "Mia",
                        MemberType.HOUSEHOLD,
                        List.of(new Site(
                                "m01-site", null, null, List.of(new Asset("m01-load", null, AssetKind.LOAD, 0, 0)))),
                        List.of())),
                List.of(new Asset("shared-bat", null, AssetKind.BATTERY, 5000, 12_500)),
                List.of(),
                List.of());
        int n = 96;
        Duration step = Duration.ofMinutes(15);
        double[] load = new double[n];
        Arrays.fill(load, 1000);
        double[] price = new double[n];
        Arrays.fill(price, 0.3);
        return new Scenario(
                "demo-" + T0,
                c,
                T0,
                step,
                n,
                Map.of("m01-load", new TimeSeries(T0, step, "W", T0, load)),
                new TimeSeries(T0, step, "EUR/kWh", T0, price),
                new TimeSeries(T0, step, "EUR/kWh", T0, price),
                // 12.5 kWh at 90 %, minimum 10 %: 10 kWh usable.
                List.of(new BatteryParameters("shared-bat", 5000, 5000, 12_500, 0.1, 0.9, 0.9, 0, 1, 1, 0)),
                Map.of(),
                null);
    }

    @BeforeEach
    void setUp() {
        ApiTokens tokens = new ApiTokens(dir.resolve("keys/api-tokens.json"), Clock.systemUTC());
        filter = FakeHttp.filter(dir, tokens, List.of(EvSessionsTest.DEMO), audit);
        loop.authorities.put("demo", new ControlAuthority("demo", ControlMode.ADVISORY, "default"));
        servlet = FakeHttp.servlet(tokens, List.of(EvSessionsTest.DEMO), clock)
                .loop(loop)
                .governance(governance)
                .drills(new LiveDrills(loop, () -> null, clock, 200, Duration.ofSeconds(20), 1, 5));
        TestRealm.user("viewer", Roles.VIEWER);
        TestRealm.user("operator", Roles.OPERATOR);
        TestRealm.user("lead", Roles.LEAD);
    }

    private Resp send(Req r) throws Exception {
        return FakeHttp.through(filter, servlet, r);
    }

    private Resp drill(String user, String body) throws Exception {
        return send(new Req("POST", "/api/v1/drills").basic(user).body("application/json", body));
    }

    private Req propose(String id, String user) {
        return new Req("POST", "/api/v1/drills/" + id + "/propose").basic(user).body("application/json", "{}");
    }

    @Test
    void aDrillOnTheLiveStateGivesTheHandValue() throws Exception {
        loop.scenarios.put("demo", tenKWhForOneKW());
        Resp r = drill("operator", OUTAGE);
        assertThat(r.status).as(r.body()).isEqualTo(201);
        JsonNode run = Json.MAPPER.readTree(r.body());
        assertThat(run.get("community").asText()).isEqualTo("demo");
        assertThat(run.get("requestedBy").asText()).isEqualTo("operator");
        JsonNode survival = run.get("result").get("communityFigures").get("survivalHours");
        assertThat(survival.get("p10").asDouble()).isCloseTo(10, within(1e-6));
        assertThat(survival.get("p50").asDouble()).isCloseTo(10, within(1e-6));
        assertThat(survival.get("p90").asDouble()).isCloseTo(10, within(1e-6));
        assertThat(run.get("result")
                        .get("communityFigures")
                        .get("criticalNotServedKWh")
                        .get("p50")
                        .asDouble())
                .isCloseTo(14, within(1e-6));
        assertThat(run.get("result").get("recommendation").get("reserveWh").asDouble())
                .isCloseTo(10_000, within(1e-6));
        // Audited like every control action: requested, then its status.
        assertThat(audit.records)
                .filteredOn(a -> a.action().equals("POST /api/v1/drills"))
                .extracting(a -> a.outcome())
                .containsExactly("requested", "status 201");

        String id = run.get("id").asText();
        Resp one = send(new Req("GET", "/api/v1/drills/" + id).basic("lead"));
        assertThat(one.status).as(one.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(one.body()).get("result").get("drill").asText())
                .isEqualTo("storm");
        Resp html = send(new Req("GET", "/api/v1/drills/" + id + "/report.html").basic("operator"));
        assertThat(html.status).isEqualTo(200);
        assertThat(html.contentType).startsWith("text/html");
        assertThat(html.body()).contains("<svg", "storm");
        Resp list = send(new Req("GET", "/api/v1/drills").basic("operator"));
        assertThat(Json.MAPPER
                        .readTree(list.body())
                        .get("drills")
                        .get(0)
                        .get("id")
                        .asText())
                .isEqualTo(id);
        assertThat(send(new Req("GET", "/api/v1/drills/nope").basic("operator")).status)
                .isEqualTo(404);
    }

    @Test
    void onlyOperatorsRunDrillsAndStaffReadThem() throws Exception {
        loop.scenarios.put("demo", tenKWhForOneKW());
        assertThat(send(new Req("POST", "/api/v1/drills").body("application/json", OUTAGE)).status)
                .isEqualTo(401);
        assertThat(drill("viewer", OUTAGE).status).isEqualTo(403);
        assertThat(drill("lead", OUTAGE).status).isEqualTo(403);
        assertThat(send(new Req("GET", "/api/v1/drills").basic("viewer")).status)
                .isEqualTo(403);
        assertThat(send(new Req("GET", "/api/v1/drills")).status).isEqualTo(401);
    }

    @Test
    void badInputIs400SayingWhatAndWhere() throws Exception {
        loop.scenarios.put("demo", tenKWhForOneKW());
        Resp malformed = drill("operator", "{\"id\":\"x\",");
        assertThat(malformed.status).isEqualTo(400);
        assertThat(malformed.body()).contains("request body:1:", "malformed JSON");
        Resp schema = drill("operator", "{\"id\":\"x\",\"events\":[{\"type\":\"outage\",\"hours\":-2}]}");
        assertThat(schema.status).isEqualTo(400);
        assertThat(schema.body()).contains("$.events[0].hours");
        Resp file = drill("operator", "{\"id\":\"x\",\"scenario\":\"a.json\"}");
        assertThat(file.status).isEqualTo(400);
        assertThat(file.body()).contains("$.scenario", "live scenario of community demo");
        Resp unknown = drill(
                "operator",
                "{\"id\":\"x\",\"runs\":5,\"events\":[{\"type\":\"device-loss\"," + "\"assets\":[\"no-such-bat\"]}]}");
        assertThat(unknown.status).isEqualTo(400);
        assertThat(unknown.body()).contains("no-such-bat");
        Resp community = send(new Req("POST", "/api/v1/drills")
                .param("community", "north")
                .basic("operator")
                .body("application/json", OUTAGE));
        assertThat(community.status).isEqualTo(404);
    }

    @Test
    void noLiveScenarioYetIs503() throws Exception {
        Resp r = drill("operator", OUTAGE);
        assertThat(r.status).isEqualTo(503);
        assertThat(r.body()).contains("no live scenario of community demo yet");
    }

    @Test
    void theRecommendedReserveIsProposedInOneStepAsTheNextDispatchPolicyVersion() throws Exception {
        loop.scenarios.put("demo", tenKWhForOneKW());
        Actor op = new Actor("op2", Set.of(Actor.OPERATOR));
        long v1 = governance
                .propose(
                        "{\"id\":\"dispatch-policy-demo\",\"version\":1,\"kind\":\"dispatch-policy\","
                                + "\"community\":\"demo\",\"connectionImportLimitW\":200000}",
                        null,
                        op)
                .id();
        governance.approve(v1, new Actor("lead2", Set.of(Actor.GOVERNANCE_LEAD)));
        String id =
                Json.MAPPER.readTree(drill("operator", OUTAGE).body()).get("id").asText();

        assertThat(send(propose(id, "viewer")).status).isEqualTo(403);
        Resp r = send(propose(id, "operator"));
        assertThat(r.status).as(r.body()).isEqualTo(201);
        PolicyProposal p = governance.proposals().get(1);
        assertThat(p.proposedBy()).isEqualTo("operator");
        assertThat(p.policyId()).isEqualTo("dispatch-policy-demo");
        assertThat(p.version()).isEqualTo(2);
        JsonNode policy = Json.MAPPER.readTree(p.content());
        assertThat(policy.get("batteryReserveWh").asDouble()).isEqualTo(10_000);
        // The policy in force keeps its other fields; a governance lead still has to approve the new version.
        assertThat(policy.get("connectionImportLimitW").asDouble()).isEqualTo(200_000);
        assertThat(governance
                        .inForce("dispatch-policy-demo", clock.instant())
                        .orElseThrow()
                        .version())
                .isEqualTo(1);
    }

    @Test
    void aDrillWithoutAnOutageHasNoReserveToPropose() throws Exception {
        loop.scenarios.put("demo", tenKWhForOneKW());
        Resp run = drill(
                "operator",
                "{\"id\":\"spike\",\"runs\":3,\"method\":\"lp\",\"events\":[{\"type\":\"price-spike\","
                        + "\"importEurPerKWh\":3}]}");
        assertThat(run.status).as(run.body()).isEqualTo(201);
        String id = Json.MAPPER.readTree(run.body()).get("id").asText();
        Resp r = send(propose(id, "operator"));
        assertThat(r.status).isEqualTo(409);
        assertThat(r.body()).contains("recommends no battery reserve");
    }
}
