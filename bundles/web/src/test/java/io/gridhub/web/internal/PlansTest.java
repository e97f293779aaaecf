package io.gridhub.web.internal;

import static io.gridhub.web.internal.GovernanceTest.REALM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridhub.api.dispatch.PlanStore;
import io.gridhub.api.loop.ControlMode;
import io.gridhub.api.loop.IntervalPerformance;
import io.gridhub.api.loop.PlanApproval;
import io.gridhub.api.loop.PlanPerformance;
import io.gridhub.api.loop.PlanStatus;
import io.gridhub.api.loop.SetpointStatus;
import io.gridhub.api.loop.WriteState;
import io.gridhub.api.model.AssetSchedule;
import io.gridhub.api.model.Explanation;
import io.gridhub.api.model.Plan;
import io.gridhub.api.model.PointId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Plans on the wire, with where they stand, and the confirmation of a supervised plan. */
class PlansTest {
    static final Instant T = Instant.parse("2026-12-07T10:00:00Z");
    static final Plan PLAN = new Plan(
            "demo-42",
            "lp-optimizer",
            T,
            T,
            Duration.ofMinutes(15),
            2,
            List.of(
                    new AssetSchedule("bat", PointId.of("demo.bat.p-set"), new double[] {1000, -500}, "evening peak"),
                    new AssetSchedule("ev1", PointId.of("demo.ev1.p-set"), new double[] {0, 7000}, "departure 07:00")),
            new Explanation("ok", 1.25, Double.NaN, List.of()));

    private final Authenticator auth = new Authenticator("karaf", REALM);

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static int status(Throwable t) {
        return ((ApiException) t).status();
    }

    /** The plan store of the dispatch loop: one latest plan. */
    private static PlanStore store(Plan plan) {
        return new PlanStore() {
            @Override
            public Optional<Plan> latest(String communityId) {
                return communityId.equals("demo") ? Optional.ofNullable(plan) : Optional.empty();
            }

            @Override
            public Optional<Plan> latest() {
                return Optional.ofNullable(plan);
            }
        };
    }

    private static FakeLoop supervised() {
        FakeLoop l = new FakeLoop();
        l.plans.put(PLAN.id(), PLAN);
        l.statuses.put(
                PLAN.id(),
                new PlanStatus(
                        PLAN.id(),
                        "demo",
                        ControlMode.SUPERVISED,
                        PlanApproval.PENDING,
                        null,
                        null,
                        T.plusSeconds(600),
                        List.of(
                                new SetpointStatus(
                                        "bat",
                                        PointId.of("demo.bat.p-set"),
                                        T.plusSeconds(2),
                                        0,
                                        1000,
                                        800,
                                        "max discharge 800 W at SoC 12 %",
                                        WriteState.CONFIRMED,
                                        "read back 800 W",
                                        ControlMode.SUPERVISED,
                                        1),
                                new SetpointStatus(
                                        "ev1",
                                        PointId.of("demo.ev1.p-set"),
                                        T.plusSeconds(2),
                                        0,
                                        0,
                                        0,
                                        null,
                                        WriteState.AWAITING_CONFIRMATION,
                                        null,
                                        ControlMode.SUPERVISED,
                                        0))));
        return l;
    }

    private static JsonNode tree(Object o) throws Exception {
        return Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(o));
    }

    @Test
    void withoutTheLoopTheLatestPlanIsAsBeforeAndNotANumberIsNull() throws Exception {
        Map<String, Object> latest = Plans.latest(null, store(PLAN), null);
        JsonNode json = tree(latest);
        assertThat(json).isEqualTo(tree(PLAN));
        assertThat(json.get("step").asText()).isEqualTo("PT15M");
        assertThat(json.at("/schedules/0/setpointsW").toString()).isEqualTo("[1000.0,-500.0]");
        assertThat(json.at("/explanation/baselineCostEur").isNull()).isTrue();
        assertThat(Json.MAPPER.writeValueAsString(latest)).doesNotContain("NaN");
        assertThat(tree(Plans.latest(null, store(PLAN), "demo"))).isEqualTo(json);
        assertThatThrownBy(() -> Plans.latest(null, store(PLAN), "north"))
                .satisfies(e -> assertThat(status(e)).isEqualTo(404))
                .hasMessageContaining("for community north");
        assertThatThrownBy(() -> Plans.latest(null, null, null))
                .satisfies(e -> assertThat(status(e)).isEqualTo(404));
        // By id: the latest plan is known without the loop, others need it.
        assertThat(tree(Plans.plan(null, store(PLAN), "demo-42"))).isEqualTo(json);
        assertThatThrownBy(() -> Plans.plan(null, store(PLAN), "demo-41"))
                .satisfies(e -> assertThat(status(e)).isEqualTo(503));
        assertThatThrownBy(() -> Plans.performanceOf(null, "demo-42"))
                .satisfies(e -> assertThat(status(e)).isEqualTo(503));
    }

    @Test
    void withTheLoopAPlanSaysWhereItStandsAndWhatEachDeviceWasSent() throws Exception {
        FakeLoop l = supervised();
        JsonNode json = tree(Plans.latest(l, store(PLAN), null));
        assertThat(json.get("id").asText()).isEqualTo("demo-42");
        assertThat(json.get("community").asText()).isEqualTo("demo");
        assertThat(json.get("mode").asText()).isEqualTo("SUPERVISED");
        assertThat(json.get("approval").asText()).isEqualTo("PENDING");
        assertThat(json.get("confirmedBy").isNull()).isTrue();
        assertThat(json.get("expiresAt").asText()).isEqualTo("2026-12-07T10:10:00Z");
        JsonNode bat = json.at("/schedules/0");
        assertThat(bat.get("assetId").asText()).isEqualTo("bat");
        assertThat(bat.get("setpoint").asText()).isEqualTo("demo.bat.p-set");
        assertThat(bat.get("setpointsW").toString()).isEqualTo("[1000.0,-500.0]");
        assertThat(bat.get("reason").asText()).isEqualTo("evening peak");
        assertThat(bat.get("execution").toString())
                .isEqualTo("{\"step\":0,\"plannedW\":1000.0,\"commandedW\":800.0,"
                        + "\"clamped\":true,\"clampReason\":\"max discharge 800 W at SoC 12 "
                        + "%\",\"state\":\"CONFIRMED\","
                        + "\"detail\":\"read back 800 W\",\"mode\":\"SUPERVISED\",\"attempts\":1,"
                        + "\"at\":\"2026-12-07T10:00:02Z\"}");
        assertThat(json.at("/schedules/1/execution/state").asText()).isEqualTo("AWAITING_CONFIRMATION");
        assertThat(json.at("/schedules/1/execution/clamped").asBoolean()).isFalse();
        // By id the same, from the loop even when the plan store has a newer plan.
        assertThat(tree(Plans.plan(l, store(null), "demo-42"))).isEqualTo(json);
        assertThatThrownBy(() -> Plans.plan(l, store(PLAN), "demo-7"))
                .satisfies(e -> assertThat(status(e)).isEqualTo(404));
    }

    @Test
    void confirmingNeedsAnOperatorAndAPendingPlan() throws Exception {
        FakeLoop l = supervised();
        String confirm = "demo-42";
        // Who may confirm is the route table's rule, checked by the access filter before the resource runs.
        Route route = Routes.match("POST", Route.segments("/api/v1/plans/demo-42/confirm"))
                .orElseThrow()
                .route();
        Map<String, String> vars = Map.of("plan", "demo-42");
        assertThat(Access.decide(route, vars, Caller.ANONYMOUS, false, x -> Optional.empty())
                        .status())
                .isEqualTo(401);
        assertThatThrownBy(() -> auth.actor(basic("alice", "wrong")))
                .satisfies(e -> assertThat(status(e)).isEqualTo(401));
        Access.Decision bob = Access.decide(
                route,
                vars,
                new Caller(auth.actor(basic("bob", "secret-b")), null, false),
                false,
                x -> Optional.empty());
        assertThat(bob.status()).isEqualTo(403);
        assertThat(bob.reason())
                .isEqualTo("POST /api/v1/plans/{plan}/confirm needs one of the roles [operator]; bob has "
                        + "[governance-lead]");
        assertThat(Access.decide(
                                route,
                                vars,
                                new Caller(auth.actor(basic("alice", "secret-a")), null, false),
                                false,
                                x -> Optional.empty())
                        .allowed())
                .isTrue();
        assertThatThrownBy(() -> Plans.confirm(l, null, "demo-7", auth.actor(basic("alice", "secret-a"))))
                .satisfies(e -> assertThat(status(e)).isEqualTo(404))
                .hasMessage("no plan demo-7");
        assertThatThrownBy(() -> Plans.confirm(null, null, confirm, auth.actor(basic("alice", "secret-a"))))
                .satisfies(e -> assertThat(status(e)).isEqualTo(503));
        assertThat(l.confirmedBy).isEmpty();

        JsonNode confirmed = tree(Plans.confirm(l, null, confirm, auth.actor(basic("alice", "secret-a"))));
        assertThat(l.confirmedBy).containsExactly("alice");
        assertThat(confirmed.get("approval").asText()).isEqualTo("CONFIRMED");
        assertThat(confirmed.get("confirmedBy").asText()).isEqualTo("alice");
        assertThat(confirmed.get("confirmedAt").asText()).isEqualTo("2026-12-07T10:00:00Z");
        assertThat(confirmed.at("/schedules/0/setpointsW").toString()).isEqualTo("[1000.0,-500.0]");

        assertThatThrownBy(() -> Plans.confirm(l, null, confirm, auth.actor(basic("alice", "secret-a"))))
                .satisfies(e -> assertThat(status(e)).isEqualTo(409))
                .hasMessageContaining("not pending");

        // A plan the loop no longer keeps, whose status it still has: the status alone.
        l.plans.clear();
        l.statuses.put(
                "demo-42",
                new PlanStatus(
                        "demo-42",
                        "demo",
                        ControlMode.SUPERVISED,
                        PlanApproval.PENDING,
                        null,
                        null,
                        null,
                        l.statuses.get("demo-42").setpoints()));
        JsonNode bare = tree(Plans.confirm(l, null, confirm, auth.actor(basic("alice", "secret-a"))));
        assertThat(bare.get("id").asText()).isEqualTo("demo-42");
        assertThat(bare.at("/schedules/0/execution/commandedW").asDouble()).isEqualTo(800);
    }

    @Test
    void performanceIsPlannedAgainstMeasuredWithNullWhereNothingWasMeasured() throws Exception {
        FakeLoop l = supervised();
        l.performances.put(
                "demo-42",
                new PlanPerformance(
                        "demo-42",
                        "demo",
                        T.plusSeconds(1800),
                        List.of(
                                new IntervalPerformance(
                                        T,
                                        Map.of("bat", 1000.0),
                                        Map.of("bat", 790.0),
                                        2000,
                                        2210.0,
                                        3000.0,
                                        0.05,
                                        0.055,
                                        0.075),
                                new IntervalPerformance(
                                        T.plusSeconds(900),
                                        Map.of("bat", -500.0),
                                        Map.of(),
                                        1500,
                                        null,
                                        null,
                                        0.04,
                                        null,
                                        Double.NaN)),
                        1,
                        0.05,
                        0.055,
                        0.075));
        String json = Json.MAPPER.writeValueAsString(Plans.performanceOf(l, "demo-42"));
        assertThat(json)
                .startsWith("{\"planId\":\"demo-42\",\"community\":\"demo\",\"computedAt\":"
                        + "\"2026-12-07T10:30:00Z\",\"measuredIntervals\":1,\"plannedCostEur\":0.05,"
                        + "\"realisedCostEur\":"
                        + "0.055,\"baselineCostEur\":0.075,\"realisedSavingsEur\":0.01999")
                .contains("{\"start\":\"2026-12-07T10:15:00Z\",\"plannedW\":{\"bat\":-500.0},\"measuredW\":{},"
                        + "\"plannedImportW\":1500.0,\"measuredImportW\":null,\"baselineImportW\":null,"
                        + "\"plannedCostEur\":0.04,\"realisedCostEur\":null,\"baselineCostEur\":null}")
                .doesNotContain("NaN");
        assertThatThrownBy(() -> Plans.performanceOf(l, "demo-7"))
                .satisfies(e -> assertThat(status(e)).isEqualTo(404));
    }
}
