package io.gridhub.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridhub.api.ev.ChargePointInfo;
import io.gridhub.api.ev.ChargingStations;
import io.gridhub.api.ev.EvSession;
import io.gridhub.api.ev.EvSession.Origin;
import io.gridhub.api.ev.EvSession.State;
import io.gridhub.api.ev.ProfilePeriod;
import io.gridhub.api.ev.ProfileResult;
import io.gridhub.api.ev.UnknownChargePoint;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.Site;
import io.gridhub.testkit.RecordingAuditTrail;
import io.gridhub.testkit.SteppingClock;
import io.gridhub.web.internal.FakeHttp.Req;
import io.gridhub.web.internal.FakeHttp.Resp;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /ev/sessions and PUT /ev/sessions/{session} through the access filter and the servlet. */
class EvSessionsTest {
    private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");
    /** m01's charger ev-m01 at its site; m02 has none. */
    static final Community DEMO = new Community(
            "demo",
            "Demo",
            List.of(
                    new Member(
                            "m01",
                            "Mia",
                            null,
                            List.of(new Site(
                                    "m01-site",
                                    null,
                                    null,
                                    List.of(new Asset("ev-m01", null, AssetKind.EV_CHARGER, 11000, 0)))),
                            List.of()),
                    new Member("m02", "Max", null, List.of(), List.of())),
            List.of(),
            List.of(),
            List.of());

    @TempDir
    Path dir;

    private AccessFilter filter;
    private ApiServlet servlet;
    private final Stations stations = new Stations();

    /** Sessions in a map; updateSession as the central system's (the session's own checks, the member origin). */
    static final class Stations implements ChargingStations {
        final Map<String, EvSession> sessions = new LinkedHashMap<>();

        void add(String id, String asset, State state) {
            sessions.put(
                    id,
                    new EvSession(
                            id,
                            "cp",
                            1,
                            1,
                            "TAG",
                            asset,
                            T0,
                            T0.plusSeconds(28800),
                            Origin.DEFAULT,
                            20000,
                            Origin.DEFAULT,
                            5000,
                            Double.NaN,
                            55,
                            11000,
                            false,
                            state,
                            null));
        }

        @Override
        public List<ChargePointInfo> chargePoints() {
            return List.of(new ChargePointInfo(
                    "cp01", true, true, "Vendor", "Model", T0, Map.of(0, "Available", 1, "Charging"), false, 11000));
        }

        @Override
        public List<UnknownChargePoint> unknownChargePoints() {
            return List.of(new UnknownChargePoint("stranger", "127.0.0.1", T0, 3));
        }

        @Override
        public List<EvSession> sessions() {
            return new ArrayList<>(sessions.values());
        }

        @Override
        public Optional<EvSession> session(String id) {
            return Optional.ofNullable(sessions.get(id));
        }

        @Override
        public EvSession updateSession(String id, Instant departure, Double energyNeededWh) {
            EvSession u = session(id)
                    .orElseThrow(() -> new NoSuchElementException("no session " + id))
                    .withMemberSaying(departure, energyNeededWh);
            sessions.put(id, u);
            return u;
        }

        @Override
        public CompletableFuture<ProfileResult> applyProfile(String cp, int connector, List<ProfilePeriod> periods) {
            throw new UnsupportedOperationException("not part of the REST API");
        }

        @Override
        public CompletableFuture<ProfileResult> clearProfiles(String cp, int connector) {
            throw new UnsupportedOperationException("not part of the REST API");
        }
    }

    @BeforeEach
    void setUp() {
        SteppingClock clock = SteppingClock.at(T0);
        ApiTokens tokens = new ApiTokens(dir.resolve("keys/api-tokens.json"), Clock.systemUTC());
        filter = FakeHttp.filter(dir, tokens, List.of(DEMO), new RecordingAuditTrail(clock));
        servlet = FakeHttp.servlet(tokens, List.of(DEMO), clock).ev(stations);
        stations.add("cp-7", "ev-m01", State.ACTIVE);
        stations.add("cp-8", "ev-other", State.OFFLINE);
        stations.add("cp-6", "ev-m01", State.ENDED);
        TestRealm.user("viewer", Roles.VIEWER);
        TestRealm.user("operator", Roles.OPERATOR);
        TestRealm.user("m01", Roles.MEMBER, "member:m01");
        TestRealm.user("m02", Roles.MEMBER, "member:m02");
    }

    private Resp send(Req r) throws Exception {
        return FakeHttp.through(filter, servlet, r);
    }

    private static List<String> ids(Resp r) throws Exception {
        List<String> out = new ArrayList<>();
        Json.MAPPER
                .readTree(r.body())
                .get("sessions")
                .forEach(s -> out.add(s.get("id").asText()));
        return out;
    }

    @Test
    void staffSeeEverySessionAMemberItsOwnAndViewersNone() throws Exception {
        Resp all = send(new Req("GET", "/api/v1/ev/sessions").basic("operator"));
        assertThat(all.status).isEqualTo(200);
        assertThat(ids(all)).containsExactly("cp-7", "cp-8", "cp-6");
        JsonNode first = Json.MAPPER.readTree(all.body()).get("sessions").get(0);
        assertThat(first.get("state").asText()).isEqualTo("active");
        assertThat(first.get("powerW").isNull()).as("not reported").isTrue();
        assertThat(first.get("socPercent").asDouble()).isEqualTo(55);
        assertThat(first.get("energyRemainingWh").asDouble()).isEqualTo(15000);
        assertThat(first.get("departure").asText()).isEqualTo("2026-12-07T16:00:00Z");
        assertThat(first.get("departureSource").asText()).isEqualTo("DEFAULT");
        assertThat(Json.MAPPER.readTree(all.body()).get("total").asInt()).isEqualTo(3);

        assertThat(ids(send(new Req("GET", "/api/v1/ev/sessions").basic("m01"))))
                .containsExactly("cp-7", "cp-6");
        assertThat(ids(send(new Req("GET", "/api/v1/ev/sessions").basic("m02"))))
                .isEmpty();
        assertThat(send(new Req("GET", "/api/v1/ev/sessions").basic("viewer")).status)
                .isEqualTo(403);
        assertThat(ids(send(
                        new Req("GET", "/api/v1/ev/sessions").basic("operator").param("state", "offline"))))
                .containsExactly("cp-8");
    }

    @Test
    void theMemberOfTheChargerOrAnOperatorSetsDepartureAndEnergy() throws Exception {
        Resp r = send(new Req("PUT", "/api/v1/ev/sessions/cp-7")
                .basic("m01")
                .body(Routes.JSON, "{\"departure\":\"2026-12-07T17:30:00Z\",\"energyNeededWh\":12000}"));
        assertThat(r.status).isEqualTo(200);
        JsonNode s = Json.MAPPER.readTree(r.body());
        assertThat(s.get("departure").asText()).isEqualTo("2026-12-07T17:30:00Z");
        assertThat(s.get("departureSource").asText()).isEqualTo("MEMBER");
        assertThat(s.get("energyNeededWh").asDouble()).isEqualTo(12000);
        assertThat(stations.sessions.get("cp-7").energyNeededSource()).isEqualTo(Origin.MEMBER);

        Resp op = send(new Req("PUT", "/api/v1/ev/sessions/cp-8")
                .basic("operator")
                .body(Routes.JSON, "{\"energyNeededWh\":3000}"));
        assertThat(op.status).isEqualTo(200);
        assertThat(stations.sessions.get("cp-8").departureSource()).isEqualTo(Origin.DEFAULT);

        List<Object[]> refused = List.of(
                new Object[] {"m02", "cp-7", "{\"energyNeededWh\":1}", 403},
                new Object[] {"m01", "cp-8", "{\"energyNeededWh\":1}", 403},
                new Object[] {"viewer", "cp-7", "{\"energyNeededWh\":1}", 403},
                new Object[] {"m01", "nope", "{\"energyNeededWh\":1}", 404},
                new Object[] {"m01", "cp-6", "{\"energyNeededWh\":1}", 409},
                new Object[] {"m01", "cp-7", "{\"departure\":\"2026-12-07T07:00:00Z\"}", 400},
                new Object[] {"m01", "cp-7", "{\"departure\":\"tomorrow\"}", 400},
                new Object[] {"m01", "cp-7", "{\"energyNeededWh\":\"lots\"}", 400},
                new Object[] {"m01", "cp-7", "{\"arrival\":\"2026-12-07T07:00:00Z\"}", 400},
                new Object[] {"m01", "cp-7", "[1]", 400},
                new Object[] {"m01", "cp-7", "{", 400});
        for (Object[] c : refused) {
            Resp x = send(new Req("PUT", "/api/v1/ev/sessions/" + c[1])
                    .basic((String) c[0])
                    .body(Routes.JSON, (String) c[2]));
            assertThat(x.status).as(c[0] + " " + c[1] + " " + c[2]).isEqualTo(c[3]);
            assertThat(x.contentType).isEqualTo("application/problem+json");
        }
        assertThat(send(new Req("PUT", "/api/v1/ev/sessions/cp-7").basic("m01").body("text/plain", "x")).status)
                .isEqualTo(415);
    }

    @Test
    void chargePointsAreListedWithTheUnknownIdentitiesBesideThem() throws Exception {
        Resp r = send(new Req("GET", "/api/v1/ev/chargepoints").basic("viewer"));
        assertThat(r.status).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.get("chargePoints").get(0).get("id").asText()).isEqualTo("cp01");
        assertThat(body.get("chargePoints").get(0).get("connectors").get("1").asText())
                .isEqualTo("Charging");
        assertThat(body.get("total").asInt()).isEqualTo(1);
        assertThat(body.get("unknown").get(0).get("id").asText()).isEqualTo("stranger");
        assertThat(body.get("unknown").get(0).get("attempts").asInt()).isEqualTo(3);
        assertThat(send(new Req("GET", "/api/v1/ev/chargepoints").basic("m01")).status)
                .isEqualTo(403);
    }

    @Test
    void withoutACentralSystemTheSessionsAre503() throws Exception {
        servlet.ev(null);
        Resp r = send(new Req("GET", "/api/v1/ev/sessions").basic("operator"));
        assertThat(r.status).isEqualTo(503);
        assertThat(r.body()).contains("gridhub-driver-ocpp");
    }
}
