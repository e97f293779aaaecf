package io.gridhub.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridhub.testkit.RecordingAuditTrail;
import io.gridhub.testkit.SteppingClock;
import io.gridhub.web.internal.FakeHttp.Req;
import io.gridhub.web.internal.FakeHttp.Resp;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's sign-in through the access filter: login, the session's caller, logout, expiry. */
final class SessionServletTest {
    @TempDir
    Path dir;

    private final SteppingClock clock = SteppingClock.at(Instant.parse("2026-12-06T10:00:00Z"));
    private AccessFilter filter;
    private SessionServlet servlet;

    @BeforeEach
    void setUp() {
        ApiTokens tokens = new ApiTokens(dir.resolve("keys/api-tokens.json"), clock);
        Authenticator realm = new Authenticator("karaf", TestRealm.CONFIGURATION);
        filter = new AccessFilter(
                        tokens,
                        realm,
                        List::of,
                        id -> Optional.empty(),
                        new DemoGuard(dir.resolve("users.properties"), dir.resolve("demo-configuration")))
                .audit(new RecordingAuditTrail(clock));
        servlet = new SessionServlet(tokens.sessions(), realm);
        TestRealm.user("lead", Roles.LEAD, "person:leo");
    }

    private Resp send(Req r) throws Exception {
        return FakeHttp.through(filter, servlet, r);
    }

    private static JsonNode json(Resp r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    private static Req login(String body) {
        return new Req("POST", "/api/v1/login").body(Routes.JSON, body);
    }

    private static Req bearer(String method, String path, String token) {
        Req r = new Req(method, path).header("Authorization", "Bearer " + token);
        return method.equals("POST") ? r.body(Routes.JSON, "{}") : r;
    }

    @Test
    void aLoginGivesABearerTokenForTheSameCallerUntilLogout() throws Exception {
        Resp ok = send(login("{\"user\": \"lead\", \"password\": \"pw-lead\"}"));
        assertThat(ok.status).as(ok.body()).isEqualTo(200);
        JsonNode s = json(ok);
        String token = s.path("token").asText();
        assertThat(token).startsWith(Sessions.PREFIX);
        assertThat(Instant.parse(s.path("expiresAt").asText()))
                .isEqualTo(clock.instant().plus(Sessions.LIFETIME));

        JsonNode me = json(send(bearer("GET", "/api/v1/session", token)));
        assertThat(me.path("user").asText()).isEqualTo("lead");
        assertThat(me.path("person").asText()).isEqualTo("leo");
        assertThat(me.path("roles").toString()).isEqualTo("[\"governance-lead\"]");
        assertThat(me.path("via").asText()).isEqualTo("session");

        Resp out = send(bearer("POST", "/api/v1/logout", token));
        assertThat(out.status).isEqualTo(200);
        assertThat(json(out).path("loggedOut").asBoolean()).isTrue();
        // A session that ended stands for no one: the console shows its form again, the API refuses.
        assertThat(json(send(bearer("GET", "/api/v1/session", token)))
                        .path("anonymous")
                        .asBoolean())
                .isTrue();
        assertThat(send(bearer("POST", "/api/v1/logout", token)).status).isEqualTo(401);
    }

    @Test
    void aSessionExpiresAfterItsLifetime() throws Exception {
        String token = json(send(login("{\"user\": \"lead\", \"password\": \"pw-lead\"}")))
                .path("token")
                .asText();
        clock.advance(Sessions.LIFETIME.minus(Duration.ofSeconds(1)));
        assertThat(json(send(bearer("GET", "/api/v1/session", token)))
                        .path("user")
                        .asText())
                .isEqualTo("lead");
        clock.advance(Duration.ofSeconds(1));
        assertThat(json(send(bearer("GET", "/api/v1/session", token)))
                        .path("anonymous")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void wrongCredentialsAre401WithoutABrowserChallenge() throws Exception {
        Resp wrong = send(login("{\"user\": \"lead\", \"password\": \"nope\"}"));
        assertThat(wrong.status).isEqualTo(401);
        assertThat(wrong.headers).doesNotContainKey("WWW-Authenticate");
        assertThat(wrong.body()).doesNotContain("ghs_");
        assertThat(send(login("{\"user\": \"lead\"}")).status).isEqualTo(400);
        assertThat(send(login("not json")).status).isEqualTo(400);
        // Basic works beside it, and the session resource says how the caller signed in.
        JsonNode basic = json(send(new Req("GET", "/api/v1/session").basic("lead")));
        assertThat(basic.path("via").asText()).isEqualTo("basic");
        assertThat(json(send(new Req("GET", "/api/v1/session")))
                        .path("anonymous")
                        .asBoolean())
                .isTrue();
    }
}
