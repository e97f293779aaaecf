package io.gridhub.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridhub.web.internal.Routes.Match;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The console's sign-in, behind the access filter like every route: {@code POST /api/v1/login} with
 * {@code {"user": …, "password": …}} checks the pair against the realm exactly as HTTP Basic is checked and answers
 * a bearer token for the same caller, valid {@link Sessions#LIFETIME} ({@code 401} without a challenge header, so
 * that a browser shows no password dialog of its own); {@code POST /api/v1/logout} ends the session whose token the
 * request carries; {@code GET /api/v1/session} says who the request's credentials are (anonymous when none), so
 * that the console shows what the caller's roles allow and asks for a login only when nobody is signed in.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({"/api/v1/login", "/api/v1/logout", "/api/v1/session"})
@HttpWhiteboardServletName("gridhub-session")
public final class SessionServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient Sessions sessions;
    private final transient Authenticator authenticator;

    @Activate
    public SessionServlet(@Reference ApiTokens tokens) {
        this(tokens.sessions(), new Authenticator());
    }

    SessionServlet(Sessions sessions, Authenticator authenticator) {
        this.sessions = sessions;
        this.authenticator = authenticator;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Match match = (Match) req.getAttribute(AccessFilter.MATCH);
        Caller caller = (Caller) req.getAttribute(AccessFilter.CALLER);
        if (match == null || caller == null) {
            error(resp, 503, "the access filter is not active yet: try again");
            return;
        }
        try {
            Object body = switch (match.route().id()) {
                case "POST /api/v1/login" -> login(req);
                case "POST /api/v1/logout" -> Map.of("loggedOut", logout(req.getHeader("Authorization")));
                case "GET /api/v1/session" -> describe(caller, via(req.getHeader("Authorization")));
                default -> throw new ApiException(404, "no resource " + req.getRequestURI());
            };
            Json.write(resp, 200, body);
        } catch (ApiException e) {
            error(resp, e.status(), e.getMessage());
        }
    }

    private Map<String, Object> login(HttpServletRequest req) throws IOException {
        byte[] raw = req.getInputStream().readAllBytes();
        JsonNode n = Json.tree(new String(raw, StandardCharsets.UTF_8), "request body");
        String user = n == null ? "" : n.path("user").asText("");
        String password = n == null ? "" : n.path("password").asText("");
        if (user.isBlank() || password.isEmpty()) {
            throw new ApiException(400, "request body: needs \"user\" and \"password\"");
        }
        Caller caller = authenticator.login(user, password.toCharArray());
        Sessions.Opened opened = sessions.open(caller);
        Map<String, Object> m = describe(caller, "session");
        m.put("token", opened.token());
        m.put("expiresAt", opened.expiresAt());
        return m;
    }

    /** Ends the request's session; false when it carries no session token (Basic, or an API token). */
    private boolean logout(String authorization) {
        String token = bearer(authorization);
        return Sessions.isSession(token) && sessions.close(token);
    }

    static Map<String, Object> describe(Caller caller, String via) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("anonymous", caller.anonymous());
        if (!caller.anonymous()) {
            m.put("user", caller.actor().name());
            m.put("person", caller.actor().person());
            m.put("roles", new TreeSet<>(caller.actor().roles()));
            m.put("member", caller.member());
            m.put("via", via);
        }
        return m;
    }

    /** How the request signed in: {@code basic}, {@code session}, {@code token} (an API token) or {@code none}. */
    static String via(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return "none";
        }
        String token = bearer(authorization);
        if (token == null) {
            return "basic";
        }
        return Sessions.isSession(token) ? "session" : "token";
    }

    private static String bearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim()
                : null;
    }

    /** An RFC 9457 problem, without {@code WWW-Authenticate} even on 401: the console shows its own form. */
    private static void error(HttpServletResponse resp, int status, String detail) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "about:blank");
        m.put("status", status);
        m.put("detail", detail);
        resp.setStatus(status);
        resp.setContentType("application/problem+json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        Json.MAPPER.writeValue(resp.getOutputStream(), m);
    }
}
