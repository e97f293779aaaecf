package io.gridhub.web.internal;

import static io.gridhub.web.internal.FakeHttp.nothing;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridhub.api.bus.LatestValues;
import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.driver.DeviceRegistry;
import io.gridhub.api.registry.PointRegistry;
import io.gridhub.api.strategy.ShadowComparator;
import io.gridhub.api.strategy.ShadowComparison;
import io.gridhub.api.strategy.ShadowFigure;
import io.gridhub.api.strategy.ShadowPoint;
import io.gridhub.api.strategy.Strategy;
import io.gridhub.api.strategy.StrategyRole;
import io.gridhub.testkit.FakeStrategies;
import io.gridhub.testkit.RecordingAuditTrail;
import io.gridhub.testkit.SteppingClock;
import io.gridhub.web.internal.FakeHttp.Req;
import io.gridhub.web.internal.FakeHttp.Resp;
import io.gridhub.web.internal.Routes.Match;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

/** The strategy lifecycle over REST, through the access filter: upload, shadow, promote, roll back, compare. */
class StrategiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-12-07T03:00:00Z");

    private record Fake(StrategyRole role, String name, String version) implements Strategy {}

    private static final Fake GBM = new Fake(StrategyRole.FORECAST, "lightgbm", "1.0.0");
    private static final Fake EXAMPLE = new Fake(StrategyRole.FORECAST, "example-forecast", "0.1.0");
    private static final Fake LP2 = new Fake(StrategyRole.DISPATCH, "lp-optimizer", "1.1.0");

    @TempDir
    Path dir;

    private final SteppingClock clock = SteppingClock.at(T);
    private final RecordingAuditTrail audit = new RecordingAuditTrail(clock);
    private final FakeStrategies strategies = new FakeStrategies()
            .activate(GBM)
            .shadow(EXAMPLE)
            .activate(new Fake(StrategyRole.DISPATCH, "lp-optimizer", "1.0.0"))
            .govern(StrategyRole.DISPATCH);
    private AccessFilter filter;
    private ApiServlet servlet;

    @BeforeEach
    void setUp() {
        strategies.shadow(LP2);
        ApiTokens tokens = new ApiTokens(dir.resolve("keys/api-tokens.json"), Clock.systemUTC());
        filter = new AccessFilter(
                        tokens,
                        new Authenticator("karaf", TestRealm.CONFIGURATION),
                        List::of,
                        id -> Optional.empty(),
                        new DemoGuard(dir.resolve("users.properties"), dir.resolve("demo-configuration")))
                .audit(audit);
        servlet = new ApiServlet(
                        nothing(BundleContext.class),
                        nothing(SampleBus.class),
                        nothing(LatestValues.class),
                        nothing(PointRegistry.class),
                        List::of,
                        strategies,
                        nothing(DeviceRegistry.class),
                        tokens,
                        clock)
                .deployDir(dir.resolve("deploy"))
                .comparators(List.of(comparator()));
        servlet.audit(audit);
        TestRealm.user("viewer", Roles.VIEWER);
        TestRealm.user("operator", Roles.OPERATOR, "person:olivia");
    }

    private static ShadowComparator comparator() {
        return new ShadowComparator() {
            @Override
            public StrategyRole role() {
                return StrategyRole.FORECAST;
            }

            @Override
            public Optional<ShadowComparison> compare() {
                return Optional.of(new ShadowComparison(
                        StrategyRole.FORECAST,
                        "lightgbm 1.0.0",
                        "example-forecast 0.1.0",
                        T.minusSeconds(3600),
                        T,
                        4,
                        List.of(new ShadowFigure("mae", "demo.load", "kW", 1.5, 1.25, 16)),
                        "",
                        List.of(new ShadowPoint("demo.load", T.minusSeconds(900), 1000, 2500, Double.NaN))));
            }
        };
    }

    private Resp send(Req r) throws Exception {
        Resp resp = new Resp();
        HttpServletResponse out = resp.build();
        filter.doFilter(r.build(), out, (rq, rs) -> {
            assertThat(rq.getAttribute(AccessFilter.MATCH)).isInstanceOf(Match.class);
            servlet.service((HttpServletRequest) rq, (HttpServletResponse) rs);
        });
        return resp;
    }

    private static JsonNode json(Resp r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static byte[] bundle(String bsn, String version) throws Exception {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (bsn != null) {
            mf.getMainAttributes().putValue("Bundle-SymbolicName", bsn + ";singleton:=true");
        }
        mf.getMainAttributes().putValue("Bundle-Version", version);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(b, mf)) {
            jar.putNextEntry(new ZipEntry("com/example/Forecaster.class"));
            jar.write(new byte[] {(byte) 0xca, (byte) 0xfe});
        }
        return b.toByteArray();
    }

    private Req upload(byte[] body) {
        Req r = new Req("POST", "/api/v1/strategies").basic("operator");
        r.body = body;
        r.contentLength = body.length;
        return r.header("Content-Type", "application/java-archive");
    }

    @Test
    void theListShowsEveryVersionWithItsStateInLowerCase() throws Exception {
        JsonNode list = json(send(new Req("GET", "/api/v1/strategies").basic("viewer")));
        assertThat(list.path("strategies").findValuesAsText("state")).contains("active", "shadow");
        JsonNode example = list.path("strategies").findParents("name").stream()
                .filter(n -> n.path("name").asText().equals("example-forecast"))
                .findFirst()
                .orElseThrow();
        assertThat(example.path("role").asText()).isEqualTo("forecast");
        assertThat(example.path("state").asText()).isEqualTo("shadow");
        assertThat(example.path("governed").asBoolean()).isFalse();
    }

    @Test
    void anOperatorPromotesAndRollsBackAForecasterAndAViewerMayNot() throws Exception {
        String base = "/api/v1/strategies/forecast/example-forecast/0.1.0";
        assertThat(send(new Req("POST", base + "/promote").basic("viewer")).status)
                .isEqualTo(403);
        Resp promoted = send(new Req("POST", base + "/promote").basic("operator"));
        assertThat(promoted.status).isEqualTo(200);
        assertThat(json(promoted).path("strategy").path("state").asText()).isEqualTo("active");
        assertThat(strategies.active(StrategyRole.FORECAST, Strategy.class)).containsSame(EXAMPLE);

        Resp back = send(new Req("POST", "/api/v1/strategies/forecast/rollback").basic("operator"));
        assertThat(back.status).isEqualTo(200);
        assertThat(json(back).path("strategy").path("name").asText()).isEqualTo("lightgbm");
        assertThat(strategies.active(StrategyRole.FORECAST, Strategy.class)).containsSame(GBM);

        Resp missing = send(new Req("POST", "/api/v1/strategies/forecast/nope/1.0.0/shadow").basic("operator"));
        assertThat(missing.status).isEqualTo(404);
        assertThat(missing.contentType).startsWith("application/problem+json");
        assertThat(send(new Req("POST", "/api/v1/strategies/weather/x/1/promote").basic("operator")).status)
                .isEqualTo(404);
    }

    @Test
    void aGovernedPromotionAnswers202WithTheProposal() throws Exception {
        Resp r = send(new Req("POST", "/api/v1/strategies/dispatch/lp-optimizer/1.1.0/promote").basic("operator"));
        assertThat(r.status).isEqualTo(202);
        JsonNode j = json(r);
        assertThat(j.path("pending").asBoolean()).isTrue();
        assertThat(j.path("proposal").asLong()).isEqualTo(1);
        assertThat(j.path("approve").asText()).isEqualTo("/api/v1/governance/proposals/1/approve");
        assertThat(strategies.active(StrategyRole.DISPATCH, Strategy.class).map(Strategy::version))
                .contains("1.0.0");
    }

    @Test
    void theComparisonShowsBothStrategiesFiguresAndTheirDifference() throws Exception {
        JsonNode c = json(send(new Req("GET", "/api/v1/strategies/forecast/comparison").basic("viewer")));
        assertThat(c.path("shadow").asText()).isEqualTo("example-forecast 0.1.0");
        assertThat(c.path("cycles").asInt()).isEqualTo(4);
        JsonNode f = c.path("figures").get(0);
        assertThat(f.path("name").asText()).isEqualTo("mae");
        assertThat(f.path("difference").asDouble()).isEqualTo(-0.25);
        assertThat(c.has("points")).isFalse();
        JsonNode p = json(send(new Req("GET", "/api/v1/strategies/forecast/comparison")
                        .param("points", "true")
                        .basic("viewer")))
                .path("points")
                .get(0);
        assertThat(p.path("time").asText()).isEqualTo("2026-12-07T02:45:00Z");
        assertThat(p.path("actual").asDouble()).isEqualTo(1000);
        assertThat(p.path("active").asDouble()).isEqualTo(2500);
        assertThat(p.path("shadow").isNull()).isTrue();
        Resp none = send(new Req("GET", "/api/v1/strategies/dispatch/comparison").basic("viewer"));
        assertThat(none.status).isEqualTo(404);
        assertThat(none.body()).contains("nothing compares dispatch strategies");
    }

    @Test
    void anUploadedBundleLandsInDeployAndIsAuditedWhatIsNotABundleIsRefused() throws Exception {
        Resp r = send(upload(bundle("com.example.forecast", "0.1.0")));
        assertThat(r.status).isEqualTo(202);
        assertThat(json(r).path("file").asText()).isEqualTo("com.example.forecast-0.1.0.jar");
        Path jar = dir.resolve("deploy/com.example.forecast-0.1.0.jar");
        assertThat(jar).exists();
        assertThat(audit.records).anySatisfy(a -> {
            assertThat(a.action()).isEqualTo("strategy.upload");
            assertThat(a.actor()).isEqualTo("operator");
        });
        // The same version again is a conflict; the file stays as it was.
        assertThat(send(upload(bundle("com.example.forecast", "0.1.0"))).status).isEqualTo(409);

        Resp plainJar = send(upload(bundle(null, "1.0.0")));
        assertThat(plainJar.status).isEqualTo(400);
        assertThat(plainJar.body()).contains("no Bundle-SymbolicName");
        Resp text = send(upload("hello".getBytes(StandardCharsets.UTF_8)));
        assertThat(text.status).isEqualTo(400);
        try (var files = Files.list(dir.resolve("deploy"))) {
            assertThat(files.toList()).containsExactly(jar);
        }
        Req viewer = upload(bundle("com.example.other", "1.0.0"));
        viewer.basic("viewer");
        assertThat(send(viewer).status).isEqualTo(403);
    }
}
