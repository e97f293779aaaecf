package io.gridhub.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.Site;
import io.gridhub.testkit.RecordingAuditTrail;
import io.gridhub.testkit.SteppingClock;
import io.gridhub.web.internal.FakeHttp.Req;
import io.gridhub.web.internal.FakeHttp.Resp;
import io.gridhub.web.internal.Route.Anonymous;
import io.gridhub.web.internal.Route.Owner;
import io.gridhub.web.internal.Route.Served;
import io.gridhub.web.internal.Routes.Match;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The access filter and the API servlet together, over every route of the table. */
class AccessTest {
    static final Community DEMO = new Community(
            "demo",
            "Demo",
            List.of(member("m01", "Alice Example"), member("m02", "Bob Example")),
            List.of(),
            List.of(),
            List.of());
    static final String MEMBER_POINT = "demo.m01-meter.p";
    static final String PLAIN_POINT = "demo.weather.temperature";

    @TempDir
    Path dir;

    private ApiTokens tokens;
    private AccessFilter filter;
    private ApiServlet servlet;
    private final SteppingClock clock = SteppingClock.at(Instant.parse("2026-12-06T10:00:00Z"));
    /** What the filter audited. */
    private final RecordingAuditTrail audit = new RecordingAuditTrail(clock);

    /** What the ingest stand-in read of the body. */
    private long ingested;

    private static Member member(String id, String name) {
        return new Member(
                id,
                name,
                null,
                List.of(new Site(
                        id + "-site",
                        name + "'s house",
                        null,
                        List.of(new Asset(id + "-meter", null, AssetKind.METER, 0, 0)))),
                List.of());
    }

    @BeforeEach
    void setUp() {
        tokens = new ApiTokens(dir.resolve("keys/api-tokens.json"), Clock.systemUTC());
        filter = FakeHttp.filter(dir, tokens, List.of(DEMO), audit);
        servlet = FakeHttp.servlet(tokens, List.of(DEMO), clock);
        TestRealm.user("viewer", Roles.VIEWER);
        TestRealm.user("operator", Roles.OPERATOR, "person:olivia");
        TestRealm.user("lead", Roles.LEAD, "person:leo");
        TestRealm.user("admin", Roles.ADMIN);
        TestRealm.user("m01", Roles.MEMBER, "member:m01", "person:mia");
        TestRealm.user("m02", Roles.MEMBER, "member:m02");
    }

    private Resp send(Req r) throws Exception {
        Resp resp = new Resp();
        HttpServletResponse out = resp.build();
        filter.doFilter(r.build(), out, (rq, rs) -> {
            Match m = (Match) rq.getAttribute(AccessFilter.MATCH);
            if (m.route().served() == Served.API) {
                servlet.service((HttpServletRequest) rq, (HttpServletResponse) rs);
            } else {
                // The console and the ingest servlet of another bundle: read the body, answer 200.
                ingested = rq.getInputStream().readAllBytes().length;
                ((HttpServletResponse) rs).setStatus(200);
            }
        });
        return resp;
    }

    private static String path(Route r, String point) {
        return r.pattern()
                .replace("{member}", "m01")
                .replace("{point}", point == null ? PLAIN_POINT : point)
                .replace("{plan}", "p1")
                .replace("{community}", "demo")
                .replace("{device}", "dev1")
                .replace("{id}", "1")
                .replace("{source}", "src")
                .replace("{name}", "t1")
                .replace("{role}", "forecast")
                .replace("{strategy}", "s1")
                .replace("{version}", "1.0.0");
    }

    private static Req request(Route r, String point) {
        Req q = new Req(r.method(), path(r, point));
        if (r.method().equals("POST")) {
            q.body(r.contentTypes().contains(Routes.JSON) ? Routes.JSON : Routes.CSV, "{}");
        }
        return q;
    }

    @Test
    void everyRouteRefusesAnonymousAndWrongRolesAndServesTheRightOnes() throws Exception {
        int i = 0;
        List<String> failures = new ArrayList<>();
        for (Route r : Routes.ALL) {
            String point = r.owner() == Owner.MEMBER_POINT ? PLAIN_POINT : null;
            int anonymous = send(request(r, point)).status;
            boolean open = r.anonymous() == Anonymous.YES;
            if (open == (anonymous == 401 || anonymous == 403)) {
                failures.add(r.id() + " anonymous: " + anonymous);
            }
            if (open) {
                continue;
            }
            Set<String> wrong = new HashSet<>(Roles.ALL);
            wrong.removeAll(r.roles());
            wrong.remove(Roles.ADMIN);
            List<String> attributes = new ArrayList<>(wrong);
            attributes.add("member:m02"); // never the member of the path
            String user = TestRealm.user("wrong-" + i++, attributes.toArray(String[]::new));
            int status = send(request(r, point).basic(user)).status;
            if (status != 403) {
                failures.add(r.id() + " with roles " + new TreeSet<>(wrong) + ": " + status + ", want 403");
            }
            List<String> right = new ArrayList<>(r.roles().stream()
                    .map(role -> TestRealm.user("right-" + role, role, "member:m01"))
                    .toList());
            right.add("admin");
            if (r.owner() == Owner.MEMBER) {
                right.add("m01");
            }
            for (String u : right) {
                status = send(request(r, point).basic(u)).status;
                if (status == 401 || status == 403) {
                    failures.add(r.id() + " as " + u + ": " + status);
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void theServletAnswersExactlyTheApiRoutesOfTheTable() {
        assertThat(servlet.routeIds())
                .containsExactlyInAnyOrderElementsOf(Routes.ALL.stream()
                        .filter(r -> r.served() == Served.API)
                        .map(Route::id)
                        .toList());
        assertThat(Routes.ALL.stream().map(Route::id).collect(Collectors.toSet()))
                .hasSize(Routes.ALL.size());
        // Open: health, the console's sign-in and its pages and files (which hold no data: their scripts sign in
        // before they read the API); every write declares its body limit and types.
        assertThat(Routes.ALL.stream()
                        .filter(r -> r.anonymous() == Anonymous.YES && r.served() != Served.CONSOLE)
                        .map(Route::pattern))
                .containsExactlyInAnyOrder(
                        "/api/v1/health",
                        "/api/v1/health/ready",
                        "/api/v1/health/live",
                        "/api/v1/login",
                        "/api/v1/session");
        assertThat(Routes.ALL.stream().filter(r -> r.served() == Served.CONSOLE))
                .allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"))
                .allSatisfy(r -> assertThat(r.pattern()).doesNotStartWith("/api/"));
        // Every write declares its body limit and types, or takes no body at all (an action: a promotion).
        assertThat(Routes.ALL.stream().filter(r -> r.method().equals("POST")))
                .allSatisfy(r ->
                        assertThat(r.maxBody() > 0).isEqualTo(!r.contentTypes().isEmpty()));
        assertThat(Routes.ALL.stream().filter(r -> r.method().equals("POST") && r.maxBody() == 0))
                .extracting(Route::pattern)
                .allSatisfy(p -> assertThat(p).startsWith("/api/v1/strategies/"));
    }

    @Test
    void anActionTakesNoBodyButNeedsNoContentTypeEither() throws Exception {
        String promote = "/api/v1/strategies/forecast/x/1.0.0/promote";
        Resp withBody = send(new Req("POST", promote).basic("operator").body("text/plain", "sneaky"));
        assertThat(withBody.status).isEqualTo(413);
        // Without a body or type the filter lets it through to the resource (which has no such strategy: 404).
        Resp bare = send(new Req("POST", promote).basic("operator"));
        assertThat(bare.status).isEqualTo(404);
        assertThat(send(new Req("POST", promote).basic("viewer")).status).isEqualTo(403);
    }

    @Test
    void whatIsNotInTheTableIsRefused() throws Exception {
        assertThat(send(new Req("GET", "/api/v1/secret").basic("admin")).status).isEqualTo(404);
        assertThat(send(new Req("GET", "/api/v1/health/../statements/m01")).status)
                .isEqualTo(400);
        Resp put = send(new Req("PUT", "/api/v1/allocations").basic("admin"));
        assertThat(put.status).isEqualTo(405);
        assertThat(put.headers.get("Allow")).isEqualTo("GET, POST");
        assertThat(send(new Req("OPTIONS", "/api/v1/points")).status).isEqualTo(405);
        Resp anon = send(new Req("GET", "/api/v1/points"));
        assertThat(anon.status).isEqualTo(401);
        assertThat(anon.headers.get("WWW-Authenticate")).startsWith("Basic");
        assertThat(anon.headers.keySet()).noneMatch(h -> h.startsWith("Access-Control"));
    }

    @Test
    void audit_verify_isOpenOnLoopbackOnly() throws Exception {
        assertThat(send(new Req("GET", "/api/v1/audit/verify")).status).isEqualTo(401);
        assertThat(send(new Req("GET", "/api/v1/audit/verify").from("127.0.0.1")).status)
                .isEqualTo(503); // no trail
        assertThat(send(new Req("GET", "/api/v1/audit").from("127.0.0.1")).status)
                .isEqualTo(401);
    }

    @Test
    void metrics_areOpenOnLoopbackAndToReaders() throws Exception {
        assertThat(send(new Req("GET", "/metrics")).status).isEqualTo(401);
        assertThat(send(new Req("GET", "/metrics").from("127.0.0.1")).status).isEqualTo(200);
        assertThat(send(new Req("GET", "/metrics").basic("m01")).status).isEqualTo(403);
    }

    @Test
    void aMemberReadsOnlyTheirOwnData() throws Exception {
        // Access only: the chain stands in for the servlet (the statement itself is SettlementsTest's).
        AccessFilter f = filter;
        Resp own = new Resp();
        f.doFilter(
                new Req("GET", "/api/v1/statements/m01").basic("m01").build(),
                own.build(),
                (rq, rs) -> ((HttpServletResponse) rs).setStatus(200));
        assertThat(own.status).isEqualTo(200);
        Resp other = send(new Req("GET", "/api/v1/statements/m02").basic("m01"));
        assertThat(other.status).isEqualTo(403);
        assertThat(send(new Req("GET", "/api/v1/members/m02/export").basic("m01")).status)
                .isEqualTo(403);
        assertThat(send(new Req("GET", "/api/v1/members/m01/export").basic("m01")).status)
                .isEqualTo(200);
        assertThat(send(new Req("GET", "/api/v1/statements/m02").basic("viewer")).status)
                .isEqualTo(403);
        assertThat(send(new Req("GET", "/api/v1/statements/m02").basic("lead")).status)
                .isNotIn(401, 403);
        // Time series of a member's asset: that member and staff only; other points are not a member's to read.
        String latest = "/api/v1/points/" + MEMBER_POINT + "/latest";
        assertThat(send(new Req("GET", latest).basic("viewer")).status).isEqualTo(403);
        assertThat(send(new Req("GET", latest).basic("m02")).status).isEqualTo(403);
        assertThat(send(new Req("GET", latest).basic("m01")).status).isEqualTo(404); // allowed, no sample yet
        assertThat(send(new Req("GET", latest).basic("operator")).status).isEqualTo(404);
        assertThat(send(new Req("GET", "/api/v1/points/" + PLAIN_POINT + "/latest").basic("viewer")).status)
                .isEqualTo(404);
        assertThat(send(new Req("GET", "/api/v1/points/" + PLAIN_POINT + "/latest").basic("m01")).status)
                .isEqualTo(403);
    }

    private List<String> audited() {
        return audit.records.stream()
                .map(r -> r.actor() + " " + r.channel() + " " + r.action() + " " + r.subject() + " " + r.outcome())
                .toList();
    }

    @Test
    void anExportIsStampedWithTheClocksTimeAndCoversTheMonthBeforeItByDefault() throws Exception {
        Resp first = send(new Req("GET", "/api/v1/members/m01/export").basic("m01"));
        assertThat(first.status).isEqualTo(200);
        assertThat(first.body())
                .contains("\"exportedAt\":\"2026-12-06T10:00:00Z\"")
                .contains("\"from\":\"2026-11-05T10:00:00Z\",\"to\":\"2026-12-06T10:00:00Z\"");
        clock.advance(Duration.ofDays(1));
        assertThat(send(new Req("GET", "/api/v1/members/m01/export").basic("m01"))
                        .body())
                .contains("\"exportedAt\":\"2026-12-07T10:00:00Z\"")
                .contains("\"from\":\"2026-11-06T10:00:00Z\",\"to\":\"2026-12-07T10:00:00Z\"");
    }

    @Test
    void memberNamesAreRedactedButTheCallersOwn() throws Exception {
        JsonNode asMember = Json.MAPPER.readTree(
                send(new Req("GET", "/api/v1/communities").basic("m01")).body());
        assertThat(asMember.at("/communities/0/members/0/name").asText()).isEqualTo("Alice Example");
        assertThat(asMember.at("/communities/0/members/1/name").asText()).isEqualTo("m02");
        assertThat(asMember.at("/communities/0/members/1/sites/0/name").asText())
                .isEqualTo("m02-site");
        JsonNode asViewer = Json.MAPPER.readTree(
                send(new Req("GET", "/api/v1/communities").basic("viewer")).body());
        assertThat(asViewer.at("/communities/0/members/0/name").asText()).isEqualTo("m01");
        JsonNode asOperator = Json.MAPPER.readTree(
                send(new Req("GET", "/api/v1/communities").basic("operator")).body());
        assertThat(asOperator.at("/communities/0/members/1/name").asText()).isEqualTo("Bob Example");
        JsonNode export = Json.MAPPER.readTree(
                send(new Req("GET", "/api/v1/members/m01/export").basic("m01")).body());
        assertThat(export.at("/member/name").asText()).isEqualTo("Alice Example");
        assertThat(export.get("missing").toString()).contains("no settlement ledger", "no time-series store");
    }

    @Test
    void aCrossSiteFormPostIsRefused() throws Exception {
        String url = "/api/v1/allocations";
        for (String type :
                List.of("application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain")) {
            Resp r = send(new Req("POST", url).basic("operator").body(type, "timestamp,member\n"));
            assertThat(r.status).as(type).isEqualTo(415);
        }
        assertThat(send(new Req("POST", url)
                                .basic("operator")
                                .body("text/csv", "x")
                                .header("Origin", "https://evil.example"))
                        .status)
                .isEqualTo(403);
        assertThat(send(new Req("POST", url)
                                .basic("operator")
                                .body("text/csv", "x")
                                .header("Origin", "null"))
                        .status)
                .isEqualTo(403);
        assertThat(send(new Req("POST", url)
                                .basic("operator")
                                .body("text/csv", "x")
                                .header("Sec-Fetch-Site", "cross-site"))
                        .status)
                .isEqualTo(403);
        // The console's own page posting to its own server passes the check (and then fails for lack of service).
        assertThat(send(new Req("POST", url)
                                .basic("operator")
                                .body("text/csv", "x")
                                .header("Origin", "http://hub.example:8181")
                                .header("Sec-Fetch-Site", "same-origin"))
                        .status)
                .isEqualTo(503);
        assertThat(send(new Req("POST", "/api/v1/plans/p1/confirm").basic("operator")).status)
                .isEqualTo(415);
    }

    @Test
    void everyWriteIsAuditedBeforeItRunsAndNotRunWhenTheTrailRefuses() throws Exception {
        assertThat(send(new Req("POST", "/api/v1/ingest/src").basic("operator").body(Routes.JSON, "{}")).status)
                .isEqualTo(200);
        assertThat(audited())
                .containsExactly(
                        "operator rest POST /api/v1/ingest/{source} /api/v1/ingest/src requested",
                        "operator rest POST /api/v1/ingest/{source} /api/v1/ingest/src status 200");
        // Reads are not audited here; an authenticated caller's refused write is.
        send(new Req("GET", "/api/v1/points").basic("viewer"));
        assertThat(audited()).hasSize(2);
        assertThat(send(new Req("POST", "/api/v1/ingest/src").basic("viewer").body(Routes.JSON, "{}")).status)
                .isEqualTo(403);
        assertThat(audited())
                .last()
                .asString()
                .isEqualTo("viewer rest POST /api/v1/ingest/{source} /api/v1/ingest/src " + "denied");

        audit.refuse = true;
        ingested = 0;
        Resp refused =
                send(new Req("POST", "/api/v1/ingest/src").basic("operator").body(Routes.JSON, "{}"));
        assertThat(refused.status).isEqualTo(503);
        assertThat(refused.body()).contains("audit trail refused");
        assertThat(ingested).isZero();
        filter.audit(null);
        assertThat(send(new Req("POST", "/api/v1/ingest/src").basic("operator").body(Routes.JSON, "{}")).status)
                .isEqualTo(503);
    }

    @Test
    void bodiesAreBoundedPerRoute() throws Exception {
        // Content-Length over the limit: refused before a byte is read.
        Req big = new Req("POST", "/api/v1/ingest/src").basic("operator").body(Routes.JSON, "{}");
        big.contentLength = 9L << 20;
        big.stream = InputStream.nullInputStream();
        big.stream = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the body was read");
            }
        };
        assertThat(send(big).status).isEqualTo(413);
        // Chunked (no length): refused as soon as more than the limit is read.
        Resp chunked = send(new Req("POST", "/api/v1/governance/proposals")
                .basic("operator")
                .chunked(Routes.JSON, new byte[(1 << 20) + 10]));
        assertThat(chunked.status).isEqualTo(413);
        assertThat(chunked.body()).contains("at most 1 MB");
        assertThat(send(new Req("POST", "/api/v1/ingest/src")
                                .basic("operator")
                                .chunked(Routes.JSON, new byte[(8 << 20) + 1]))
                        .status)
                .isEqualTo(413);
        assertThat(send(new Req("POST", "/api/v1/ingest/src").basic("operator").chunked(Routes.JSON, new byte[1000]))
                        .status)
                .isEqualTo(200);
        assertThat(ingested).isEqualTo(1000);
        Req confirm =
                new Req("POST", "/api/v1/plans/p1/confirm").basic("operator").body(Routes.JSON, "{}");
        confirm.contentLength = 5000;
        assertThat(send(confirm).status).isEqualTo(413);
    }

    @Test
    void machineClientsUseTokensThatAdminsCreate() throws Exception {
        Resp refused = send(new Req("POST", "/api/v1/tokens")
                .basic("operator")
                .body(Routes.JSON, "{\"name\":\"scada\",\"roles\":[\"operator\"]}"));
        assertThat(refused.status).isEqualTo(403);
        assertThat(send(new Req("POST", "/api/v1/tokens")
                                .basic("admin")
                                .body(Routes.JSON, "{\"name\":\"x\",\"roles\":[\"admin\"]}"))
                        .status)
                .isEqualTo(400);
        Resp created = send(new Req("POST", "/api/v1/tokens")
                .basic("admin")
                .body(Routes.JSON, "{\"name\":\"pusher\",\"roles\":[\"operator\"]}"));
        assertThat(created.status).as(created.body()).isEqualTo(201);
        String token = Json.MAPPER.readTree(created.body()).get("token").asText();
        assertThat(token).startsWith(ApiTokens.PREFIX).hasSizeGreaterThan(40);
        String stored = Files.readString(dir.resolve("keys/api-tokens.json"));
        assertThat(stored).doesNotContain(token).contains(HexFormat.of().formatHex(ApiTokens.sha256(token)));
        assertThat(send(new Req("POST", "/api/v1/tokens")
                                .basic("admin")
                                .body(Routes.JSON, "{\"name\":\"pusher\",\"roles\":[\"viewer\"]}"))
                        .status)
                .isEqualTo(409);
        Resp list = send(new Req("GET", "/api/v1/tokens").basic("admin"));
        assertThat(list.body()).contains("pusher").doesNotContain(token);

        Req push = new Req("POST", "/api/v1/ingest/meters")
                .header("Authorization", "Bearer " + token)
                .body(Routes.JSON, "{\"readings\":[]}");
        assertThat(send(push).status).isEqualTo(200);
        assertThat(send(new Req("GET", "/api/v1/tokens").header("Authorization", "Bearer " + token)).status)
                .isEqualTo(403);
        assertThat(send(new Req("GET", "/api/v1/points").header("Authorization", "Bearer ghk_wrong")).status)
                .isEqualTo(401);
        assertThat(send(new Req("DELETE", "/api/v1/tokens/pusher").basic("admin")).status)
                .isEqualTo(200);
        assertThat(send(new Req("POST", "/api/v1/ingest/meters")
                                .header("Authorization", "Bearer " + token)
                                .body(Routes.JSON, "{}"))
                        .status)
                .isEqualTo(401);
    }

    @Test
    void accountsCarryTheirPersonAndMember() {
        Authenticator auth = new Authenticator("karaf", TestRealm.CONFIGURATION);
        Caller m01 = auth.login("m01", "pw-m01".toCharArray());
        assertThat(m01.actor().roles()).containsExactly(Roles.MEMBER);
        assertThat(m01.actor().person()).isEqualTo("mia");
        assertThat(m01.member()).isEqualTo("m01");
        TestRealm.user("leo-ops", Roles.OPERATOR, "person:leo");
        assertThat(auth.login("leo-ops", "pw-leo-ops".toCharArray())
                        .actor()
                        .samePerson(auth.login("lead", "pw-lead".toCharArray()).actor()))
                .isTrue();
        assertThat(auth.login("viewer", "pw-viewer".toCharArray()).actor().person())
                .isEqualTo("viewer");
    }

    @Test
    void demoPasswordsOutsideTheDemoStopTheHubButHealth() throws Exception {
        Path users = dir.resolve("users.properties");
        Files.writeString(users, "# users\nkaraf2 = secret,admin\noperator = operator-demo,operator\n");
        Resp refused = send(new Req("GET", "/api/v1/points").basic("viewer"));
        assertThat(refused.status).isEqualTo(503);
        assertThat(refused.body()).contains("demo passwords", "operator");
        assertThat(send(new Req("GET", "/api/v1/health")).body()).doesNotContain("refuses");
        Files.writeString(dir.resolve("demo-configuration"), "written by ./gridhub demo\n");
        assertThat(send(new Req("GET", "/api/v1/points").basic("viewer")).status)
                .isEqualTo(200);
        // Karaf's basic encryption (unsalted SHA-256, hex) hides nothing from the check.
        String hashed = "{CRYPT}"
                + HexFormat.of().formatHex(ApiTokens.sha256("lead-demo")).toUpperCase() + "{CRYPT}";
        assertThat(DemoGuard.demoUsers(List.of("lead = " + hashed + ",governance-lead", "x = y,viewer")))
                .containsExactly("lead");
    }

    @Test
    void theGuardKnowsEveryDemoPassword() throws Exception {
        Path demo = Path.of("../../config/demo/users.properties");
        Set<String> hashes = new HashSet<>();
        for (String line : Files.readAllLines(demo, StandardCharsets.ISO_8859_1)) {
            String l = line.trim();
            if (!l.isEmpty() && !l.startsWith("#") && l.contains("=")) {
                String pw = l.substring(l.indexOf('=') + 1).split(",")[0].trim();
                hashes.add(HexFormat.of().formatHex(ApiTokens.sha256(pw)));
            }
        }
        assertThat(hashes).isNotEmpty();
        assertThat(DemoGuard.DEMO_PASSWORDS_SHA256).isEqualTo(hashes);
        assertThat(Map.of()).isEmpty();
    }
}
