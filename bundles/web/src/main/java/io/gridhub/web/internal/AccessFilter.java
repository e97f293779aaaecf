package io.gridhub.web.internal;

import static io.gridhub.web.internal.Json.problem;

import io.gridhub.api.audit.AuditException;
import io.gridhub.api.audit.AuditTrail;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Point;
import io.gridhub.api.model.PointId;
import io.gridhub.api.registry.PointRegistry;
import io.gridhub.api.registry.TopologyProvider;
import io.gridhub.web.internal.Access.Decision;
import io.gridhub.web.internal.Route.Served;
import io.gridhub.web.internal.Routes.Match;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ReadListener;
import javax.servlet.ServletException;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * The one authentication and access point of the hub's HTTP server, in front of every servlet of the default
 * context (the API, the ingest push, the console). For each request, in this order: the route from {@link Routes}
 * (404/405 when none: deny by default); 503 while the demo users are found outside the demo ({@link DemoGuard}),
 * except health; the caller (HTTP Basic against the realm, or an API token; 401 for wrong credentials); the
 * route's access rule ({@link Access}: 401 anonymous, 403 wrong role or another member's data); for writes, no
 * foreign {@code Origin} and a JSON or CSV content type (a cross-site HTML form can send neither: 403, 415); and
 * the route's body limit (413 from Content-Length, or as soon as more is read). No CORS headers are ever sent.
 * Every write that passes is audited in the keyed audit trail before it runs (and its HTTP status after); without a
 * working audit trail writes are refused (503). The route and caller go to the servlet as request attributes.
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardFilterName("gridhub-access")
public final class AccessFilter implements Filter {
    static final String MATCH = "io.gridhub.web.route";
    static final String CALLER = "io.gridhub.web.caller";

    private final ApiTokens tokens;
    private final Authenticator authenticator;
    private final Supplier<List<Community>> communities;
    private final Function<PointId, Optional<Point>> registry;
    private final DemoGuard demoGuard;
    /** The audit trail (the store's); writes are refused while none runs. */
    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AuditTrail audit;

    @Activate
    public AccessFilter(
            @Reference ApiTokens tokens, @Reference TopologyProvider topology, @Reference PointRegistry points) {
        this(tokens, new Authenticator(), topology::communities, points::point, DemoGuard.ofKaraf());
    }

    /** Sets the audit trail as DS does in the hub (plain tests). */
    AccessFilter audit(AuditTrail trail) {
        this.audit = trail;
        return this;
    }

    AccessFilter(
            ApiTokens tokens,
            Authenticator authenticator,
            Supplier<List<Community>> communities,
            Function<PointId, Optional<Point>> registry,
            DemoGuard demoGuard) {
        this.tokens = tokens;
        this.authenticator = authenticator;
        this.communities = communities;
        this.registry = registry;
        this.demoGuard = demoGuard;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse resp = (HttpServletResponse) response;
        String path = (req.getServletPath() == null ? "" : req.getServletPath())
                + (req.getPathInfo() == null ? "" : req.getPathInfo());
        List<String> segments = Route.segments(path);
        if (segments.stream().anyMatch(s -> s.equals("..") || s.equals("."))) {
            problem(req, resp, 400, "a path with '.' or '..' segments");
            return;
        }
        Optional<Match> found = Routes.match(req.getMethod(), segments);
        if (found.isEmpty()) {
            List<String> methods = Routes.methods(segments);
            if (methods.isEmpty()) {
                problem(req, resp, 404, "no resource " + path + " (the routes are listed in docs/operator-guide.md)");
            } else {
                resp.setHeader("Allow", String.join(", ", methods));
                problem(
                        req,
                        resp,
                        405,
                        req.getMethod() + " is not allowed on " + path + " (allowed: " + String.join(", ", methods)
                                + ")");
            }
            return;
        }
        Match match = found.get();
        Route route = match.route();
        String refused = demoGuard.problem();
        if (refused != null && !route.pattern().startsWith("/api/v1/health") && route.served() != Served.CONSOLE) {
            problem(req, resp, 503, "the hub refuses to serve: " + refused);
            return;
        }
        Caller caller;
        try {
            caller = caller(req.getHeader("Authorization"));
        } catch (ApiException e) {
            challenge(req, resp, e.status(), e.getMessage());
            return;
        }
        Decision d = Access.decide(
                route,
                match.vars(),
                caller,
                loopback(req.getRemoteAddr()),
                point -> Members.ownerOfPoint(communities.get(), registry, point));
        if (!d.allowed()) {
            if (route.write() && !caller.anonymous()) {
                denied(caller, route, path, d.reason(), req.getRemoteAddr());
            }
            challenge(req, resp, d.status(), d.reason());
            return;
        }
        if (route.write()) {
            String cross = crossSite(req);
            if (cross != null) {
                problem(req, resp, 403, "cross-site request refused: " + cross);
                return;
            }
            // A POST that takes no body (an action such as a promotion) has no type to check: it must be empty.
            if (route.takesBody()
                    && !route.contentTypes().isEmpty()
                    && !route.contentTypes().contains(mediaType(req.getContentType()))) {
                problem(
                        req,
                        resp,
                        415,
                        route.id() + " takes a body of type "
                                + String.join(
                                        " or ",
                                        route.contentTypes().stream().sorted().toList()) + ", got "
                                + (req.getContentType() == null ? "none" : req.getContentType()));
                return;
            }
        }
        long length = req.getContentLengthLong();
        if (length > route.maxBody()) {
            problem(req, resp, 413, tooLarge(route));
            return;
        }
        req.setAttribute(MATCH, match);
        req.setAttribute(CALLER, caller);
        AuditTrail trail = audit;
        String who = caller.anonymous() ? "anonymous" : caller.actor().name();
        String action = route.method() + " " + route.pattern();
        String detail = caller.anonymous()
                ? "from " + req.getRemoteAddr()
                : "person " + caller.actor().person()
                        + "; roles " + caller.actor().roles() + (caller.token() ? "; API token" : "") + "; from "
                        + req.getRemoteAddr();
        if (route.write()) {
            if (trail == null) {
                problem(
                        req,
                        resp,
                        503,
                        "no audit trail is running (the store starts it): writes are refused until it " + "does");
                return;
            }
            try {
                trail.append(who, "rest", action, path, "requested", detail);
            } catch (AuditException e) {
                problem(
                        req,
                        resp,
                        503,
                        "the audit trail refused to record this request, so it is not run: " + e.getMessage());
                return;
            }
        }
        try {
            chain.doFilter(new Bounded(req, route.maxBody()), resp);
        } catch (BodyTooLarge e) {
            if (!resp.isCommitted()) {
                resp.reset();
                problem(req, resp, 413, tooLarge(route));
            }
        } finally {
            if (route.write()) {
                try {
                    trail.append(who, "rest", action, path, "status " + resp.getStatus(), detail);
                } catch (AuditException e) {
                    // The request ran; its result could not be recorded. The trail's own check reports why.
                    req.setAttribute("io.gridhub.web.auditProblem", e.getMessage());
                }
            }
        }
    }

    /** An authenticated caller's refused write goes to the audit trail (anonymous ones do not: no flooding it). */
    private void denied(Caller caller, Route route, String path, String reason, String remote) {
        AuditTrail trail = audit;
        if (trail == null) {
            return;
        }
        try {
            trail.append(
                    caller.actor().name(),
                    "rest",
                    route.method() + " " + route.pattern(),
                    path,
                    "denied",
                    reason + "; person " + caller.actor().person() + "; roles "
                            + caller.actor().roles() + "; from " + remote);
        } catch (AuditException e) {
            // Refused anyway; the trail's own check reports why it cannot record.
        }
    }

    /** The caller of an Authorization header: anonymous without one; 401 for wrong credentials. */
    Caller caller(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Caller.ANONYMOUS;
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return tokens.caller(authorization.substring(7))
                    .orElseThrow(() -> new ApiException(401, "unknown API token (revoked, or never created here)"));
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return authenticator.caller(authorization);
        }
        throw new ApiException(401, "Authorization: Basic (a user of the realm) or Bearer (an API token)");
    }

    /** Why a write looks cross-site (a foreign Origin, or the browser's Sec-Fetch-Site), else null. */
    static String crossSite(HttpServletRequest req) {
        String fetchSite = req.getHeader("Sec-Fetch-Site");
        if (fetchSite != null
                && (fetchSite.equalsIgnoreCase("cross-site") || fetchSite.equalsIgnoreCase("same-site"))) {
            return "Sec-Fetch-Site: " + fetchSite;
        }
        String origin = req.getHeader("Origin");
        if (origin == null) {
            return null;
        }
        String host = req.getHeader("Host");
        try {
            URI o = new URI(origin.trim());
            String authority = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
            if (o.getHost() != null
                    && host != null
                    && (authority.equalsIgnoreCase(host.trim())
                            || (o.getPort() < 0 && host.trim().equalsIgnoreCase(o.getHost() + ":" + defaultPort(o))))) {
                return null;
            }
        } catch (URISyntaxException e) {
            // not an origin: refused below
        }
        return "Origin " + origin + " is not this server (" + host + ")";
    }

    private static int defaultPort(URI o) {
        return "https".equalsIgnoreCase(o.getScheme()) ? 443 : 80;
    }

    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    static boolean loopback(String address) {
        return address != null
                && (address.startsWith("127.")
                        || address.equals("::1")
                        || address.equals("0:0:0:0:0:0:0:1")
                        || address.equals("[::1]"));
    }

    private static String tooLarge(Route route) {
        long max = route.maxBody();
        return route.id() + " takes at most "
                + (max >= 1 << 20 ? (max >> 20) + " MB" : max >= 1024 ? (max >> 10) + " KB" : max + " bytes")
                + " of body";
    }

    private static void challenge(HttpServletRequest req, HttpServletResponse resp, int status, String message)
            throws IOException {
        if (status == 401) {
            resp.setHeader("WWW-Authenticate", "Basic realm=\"gridhub\", charset=\"UTF-8\"");
        }
        problem(req, resp, status, message);
    }

    /** Thrown by a bounded body when more than the route's limit is read. */
    static final class BodyTooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLarge(long max) {
            super("request body over " + max + " bytes");
        }
    }

    /** The request with a body that refuses to give more than {@code max} bytes. */
    static final class Bounded extends HttpServletRequestWrapper {
        private final long max;
        private ServletInputStream in;

        Bounded(HttpServletRequest req, long max) {
            super(req);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (in == null) {
                ServletInputStream raw = super.getInputStream();
                in = new ServletInputStream() {
                    private long count;

                    @Override
                    public int read() throws IOException {
                        int b = raw.read();
                        if (b >= 0) {
                            count(1);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buf, int off, int len) throws IOException {
                        if (len == 0) {
                            return 0;
                        }
                        // Never ask for more than one byte past the limit, so a refusal reads no further.
                        long room = max - count + 1;
                        int n = raw.read(buf, off, (int) Math.max(1, Math.min(len, room)));
                        if (n > 0) {
                            count(n);
                        }
                        return n;
                    }

                    private void count(int n) throws BodyTooLarge {
                        count += n;
                        if (count > max) {
                            throw new BodyTooLarge(max);
                        }
                    }

                    @Override
                    public boolean isFinished() {
                        return raw.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return raw.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        raw.setReadListener(listener);
                    }
                };
            }
            return in;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String enc = getCharacterEncoding();
            Charset cs = enc == null ? StandardCharsets.UTF_8 : Charset.forName(enc);
            return new BufferedReader(new InputStreamReader(getInputStream(), cs));
        }
    }
}
