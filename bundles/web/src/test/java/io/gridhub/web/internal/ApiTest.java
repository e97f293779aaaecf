package io.gridhub.web.internal;

import static io.gridhub.web.internal.FakeHttp.nothing;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridhub.api.bus.LatestValues;
import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.driver.DeviceRegistry;
import io.gridhub.api.driver.DeviceState;
import io.gridhub.api.driver.DeviceStatus;
import io.gridhub.api.model.Direction;
import io.gridhub.api.model.Point;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.PointKind;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Quantity;
import io.gridhub.api.model.Sample;
import io.gridhub.api.registry.PointRegistry;
import io.gridhub.api.strategy.StrategyRegistry;
import io.gridhub.testkit.FakeStore;
import io.gridhub.testkit.RecordingAuditTrail;
import io.gridhub.testkit.SteppingClock;
import io.gridhub.web.internal.FakeHttp.Req;
import io.gridhub.web.internal.FakeHttp.Resp;
import java.lang.reflect.Proxy;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

/** The API's answers through the access filter and the servlet: problems (RFC 9457) and pages. */
class ApiTest {
    @TempDir
    Path dir;

    private AccessFilter filter;
    private ApiServlet servlet;

    /** 250 points named demo.p000 … demo.p249. */
    static final List<Point> POINTS = IntStream.range(0, 250)
            .mapToObj(i -> Point.of(
                    PointId.of(String.format("demo.p%03d", i)),
                    "a",
                    PointKind.MEASUREMENT,
                    Quantity.ACTIVE_POWER,
                    Direction.IMPORT_POSITIVE))
            .toList();

    @BeforeEach
    void setUp() {
        SteppingClock clock = SteppingClock.at(Instant.parse("2026-12-06T10:00:00Z"));
        ApiTokens tokens = new ApiTokens(dir.resolve("keys/api-tokens.json"), Clock.systemUTC());
        filter = new AccessFilter(
                        tokens,
                        new Authenticator("karaf", TestRealm.CONFIGURATION),
                        List::of,
                        id -> Optional.empty(),
                        new DemoGuard(dir.resolve("users.properties"), dir.resolve("demo-configuration")))
                .audit(new RecordingAuditTrail(clock));
        servlet = new ApiServlet(
                nothing(BundleContext.class),
                nothing(SampleBus.class),
                nothing(LatestValues.class),
                points(),
                List::of,
                nothing(StrategyRegistry.class),
                nothing(DeviceRegistry.class),
                tokens,
                clock);
        TestRealm.user("viewer", Roles.VIEWER);
        TestRealm.user("operator", Roles.OPERATOR);
    }

    private static PointRegistry points() {
        PointRegistry none = nothing(PointRegistry.class);
        return (PointRegistry) Proxy.newProxyInstance(
                ApiTest.class.getClassLoader(),
                new Class<?>[] {PointRegistry.class},
                (p, m, a) -> m.getName().equals("points") ? (Collection<Point>) POINTS : m.invoke(none, a));
    }

    Resp send(Req r) throws Exception {
        return FakeHttp.through(filter, servlet, r);
    }

    private static JsonNode json(Resp r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void everyErrorIsAProblemOfRfc9457FromTheFilterAndTheServletAlike() throws Exception {
        Req big = new Req("POST", "/api/v1/plans/p1/confirm").basic("operator").body(Routes.JSON, "{}");
        big.contentLength = 5000;
        List<Object[]> cases = List.of(
                new Object[] {new Req("GET", "/api/v1/nothing"), 404, "Not Found"},
                new Object[] {new Req("PUT", "/api/v1/points"), 405, "Method Not Allowed"},
                new Object[] {new Req("GET", "/api/v1/points"), 401, "Unauthorized"},
                new Object[] {new Req("GET", "/api/v1/tokens").basic("viewer"), 403, "Forbidden"},
                new Object[] {big, 413, "Content Too Large"},
                new Object[] {
                    new Req("POST", "/api/v1/plans/p1/confirm")
                            .basic("operator")
                            .body("text/plain", "x"),
                    415,
                    "Unsupported Media Type"
                },
                new Object[] {new Req("GET", "/api/v1/points").basic("viewer").param("limit", "x"), 400, "Bad Request"},
                new Object[] {new Req("GET", "/api/v1/events").basic("viewer"), 503, "Service Unavailable"});
        for (Object[] c : cases) {
            Req req = (Req) c[0];
            Resp r = send(req);
            assertThat(r.status).as(req.method + " " + req.path).isEqualTo(c[1]);
            assertThat(r.contentType).isEqualTo("application/problem+json");
            JsonNode p = json(r);
            assertThat(p.get("type").asText()).isEqualTo("about:blank");
            assertThat(p.get("title").asText()).isEqualTo(c[2]);
            assertThat(p.get("status").asInt()).isEqualTo(c[1]);
            assertThat(p.get("detail").asText()).isNotBlank();
            assertThat(p.get("instance").asText()).isEqualTo(req.path);
        }
        assertThat(json(send(new Req("GET", "/api/v1/points").basic("viewer").param("limit", "x")))
                        .get("detail")
                        .asText())
                .isEqualTo("limit must be a whole number, got 'x'");
    }

    @Test
    void listsArePagedBesideTheirOwnFieldAndTheNextLinkLeadsThroughThemAll() throws Exception {
        Resp first = send(new Req("GET", "/api/v1/points").basic("viewer").param("limit", "100"));
        assertThat(first.status).isEqualTo(200);
        assertThat(first.contentType).isEqualTo("application/json");
        JsonNode page = json(first);
        assertThat(page.get("points")).hasSize(100);
        assertThat(page.at("/points/0/id").asText()).isEqualTo("demo.p000");
        assertThat(page.get("total").asInt()).isEqualTo(250);
        int seen = 0;
        String next = "/api/v1/points?limit=100";
        while (next != null) {
            JsonNode p = json(send(follow(next)));
            assertThat(p.at("/points/0/id").asText()).isEqualTo(String.format("demo.p%03d", seen));
            seen += p.get("points").size();
            next = p.get("next").isNull() ? null : p.get("next").asText();
        }
        assertThat(seen).isEqualTo(250);
        // Without paging parameters a catalog comes whole up to 1000 entries, as before paging.
        assertThat(json(send(new Req("GET", "/api/v1/points").basic("viewer"))).get("points"))
                .hasSize(250);
        Resp badOffset = send(new Req("GET", "/api/v1/points").basic("viewer").param("offset", "-5"));
        assertThat(badOffset.status).isEqualTo(400);
        assertThat(json(badOffset).get("detail").asText()).startsWith("offset must be");
    }

    @Test
    void timesAreIsoInstantsAndDurationsIsoDurations() {
        DeviceStatus d = new DeviceStatus(
                "m1", "modbus", DeviceState.ONLINE, "", Instant.parse("2026-12-06T10:00:00Z"), 3, 10, 1.5, 0, 0, 12.5);
        JsonNode j = Json.MAPPER.valueToTree(Devices.json(d));
        assertThat(j.get("since").asText()).isEqualTo("2026-12-06T10:00:00Z");
        assertThat(j.get("lastRead").asText()).isEqualTo("PT0.0125S");
        assertThat(j.get("lastReadMillis").asDouble()).isEqualTo(12.5);
        assertThat(j.get("gaps").isEmpty()).isTrue();
        Instant lost = Instant.parse("2026-12-06T09:00:00Z");
        JsonNode withGaps = Json.MAPPER.valueToTree(Devices.json(new DeviceStatus(
                "m1",
                "modbus",
                DeviceState.ONLINE,
                "",
                lost,
                3,
                10,
                1.5,
                0,
                1,
                12.5,
                Map.of(PointId.of("demo.m1.p"), 2L),
                lost,
                lost.plusSeconds(90))));
        assertThat(withGaps.get("gaps").get("demo.m1.p").asLong()).isEqualTo(2);
        assertThat(withGaps.get("lastGapFrom").asText()).isEqualTo("2026-12-06T09:00:00Z");
        assertThat(withGaps.get("lastGapTo").asText()).isEqualTo("2026-12-06T09:01:30Z");
        assertThat(Json.MAPPER
                        .valueToTree(Map.of("step", Duration.ofMinutes(30)))
                        .get("step")
                        .asText())
                .isEqualTo("PT30M");
    }

    /** A viewer's request of a {@code next} link: its path and its query's parameters, decoded. */
    private static Req follow(String link) {
        Req r = new Req("GET", link.substring(0, link.indexOf('?'))).basic("viewer");
        for (String kv : link.substring(link.indexOf('?') + 1).split("&")) {
            r.param(
                    kv.substring(0, kv.indexOf('=')),
                    URLDecoder.decode(kv.substring(kv.indexOf('=') + 1), StandardCharsets.UTF_8));
        }
        return r;
    }

    @Test
    void samplesPageByTimeWithALimitAndTheNextLinkGoesOnAfterTheLastSampleSent() throws Exception {
        FakeStore store = new FakeStore();
        Instant t0 = Instant.parse("2026-12-06T09:00:00Z");
        for (int i = 0; i < 25; i++) {
            store.put("demo.p001", t0.plusSeconds(60L * i), i);
        }
        servlet.store(store);
        List<Double> values = new ArrayList<>();
        String next = "/api/v1/points/demo.p001/samples?limit=10";
        int pages = 0;
        while (next != null) {
            assertThat(next).startsWith("/api/v1/points/demo.p001/samples?");
            JsonNode page = json(send(follow(next)));
            page.get("samples").forEach(x -> values.add(x.get("value").asDouble()));
            pages++;
            next = page.get("next").isNull() ? null : page.get("next").asText();
        }
        assertThat(pages).isEqualTo(3);
        assertThat(values).hasSize(25).isSortedAccordingTo(Double::compare);
        assertThat(values.get(24)).isEqualTo(24.0);
    }

    @Test
    void gapsOfAPointAreTheRunsOfSamplesThatAreNotGoodUntilTheNextGoodOne() throws Exception {
        FakeStore store = new FakeStore();
        Instant t0 = Instant.parse("2026-12-06T09:00:00Z");
        PointId p = PointId.of("demo.p001");
        for (int i = 0; i < 30; i++) {
            Instant t = t0.plusSeconds(60L * i);
            boolean lost = i >= 10 && i < 15;
            store.putAll(List.of(new Sample(
                    p,
                    lost ? Double.NaN : i,
                    lost ? Quality.invalid(Quality.Reason.COMMUNICATION_FAILURE, "gap: not back-filled") : Quality.GOOD,
                    t,
                    t)));
        }
        servlet.store(store);

        JsonNode body = json(send(new Req("GET", "/api/v1/points/demo.p001/gaps")
                .basic("viewer")
                .param("from", t0.toString())
                .param("to", t0.plusSeconds(3600).toString())));

        assertThat(body.get("count").asInt()).isEqualTo(1);
        assertThat(body.get("total").asText()).isEqualTo("PT5M");
        JsonNode g = body.get("gaps").get(0);
        assertThat(g.get("from").asText()).isEqualTo("2026-12-06T09:10:00Z");
        assertThat(g.get("to").asText()).isEqualTo("2026-12-06T09:15:00Z");
        assertThat(g.get("open").asBoolean()).isFalse();
        assertThat(g.get("quality").get("reason").asText()).isEqualTo("COMMUNICATION_FAILURE");
        assertThat(send(new Req("GET", "/api/v1/points/demo.p001/gaps")
                                .basic("viewer")
                                .param("from", t0.minus(Duration.ofDays(40)).toString())
                                .param("to", t0.toString()))
                        .status)
                .as("a period of more than 31 days")
                .isEqualTo(400);
    }
}
