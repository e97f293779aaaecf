package io.gridhub.web.internal;

import static io.gridhub.web.internal.Roles.ADMIN;
import static io.gridhub.web.internal.Roles.LEAD;
import static io.gridhub.web.internal.Roles.MEMBER;
import static io.gridhub.web.internal.Roles.OPERATOR;
import static io.gridhub.web.internal.Roles.VIEWER;

import io.gridhub.web.internal.Route.Anonymous;
import io.gridhub.web.internal.Route.Owner;
import io.gridhub.web.internal.Route.Served;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every route of the hub's HTTP server and the role it needs: the one table the access filter enforces and the API
 * servlet dispatches from. A request that matches no route is refused (404, or 405 for another method), whoever
 * sends it. Order matters where patterns overlap: the first match wins ({@code /plans/latest} before
 * {@code /plans/{plan}}). docs/security.md, "Roles and access", says the same in prose.
 */
final class Routes {
    static final String JSON = "application/json";
    static final String CSV = "text/csv";
    static final String JAR = "application/java-archive";
    static final String OCTETS = "application/octet-stream";
    /** Reading non-personal data. */
    static final Set<String> READ = Set.of(VIEWER, OPERATOR, LEAD);
    /** Reading non-personal data, and members what is theirs. */
    static final Set<String> READ_OR_MEMBER = Set.of(VIEWER, MEMBER, OPERATOR, LEAD);
    /** Reading everything, personal data included. */
    static final Set<String> STAFF = Set.of(OPERATOR, LEAD);
    /** Personal data: the staff everything, a member what is its own (the resource filters). */
    static final Set<String> STAFF_OR_MEMBER = Set.of(MEMBER, OPERATOR, LEAD);

    private static final long KB = 1 << 10;
    private static final long MB = 1 << 20;

    static final List<Route> ALL = List.of(
            // The console: one shell for every page and its script and chart files, open to all (they hold no data);
            // its scripts sign in (the form, or the Basic or bearer credentials a client sends) before reading the API.
            page("/"),
            page("/index.html"),
            page("/points"),
            page("/forecasts"),
            page("/plans"),
            page("/statements"),
            page("/approvals"),
            page("/drills"),
            page("/strategies"),
            page("/devices"),
            page("/quarantine"),
            page("/anomalies"),
            page("/audit"),
            page("/console/{file}"),
            page("/console/lib/{file}"),
            // The console's sign-in: the realm's user and password for a short-lived bearer token (SessionServlet).
            post("/api/v1/login", Set.of())
                    .anonymous(Anonymous.YES)
                    .body(4 * KB, JSON)
                    .served(Served.SESSION),
            post("/api/v1/logout", READ_OR_MEMBER).body(4 * KB, JSON).served(Served.SESSION),
            get("/api/v1/session", Set.of()).anonymous(Anonymous.YES).served(Served.SESSION),
            // Readiness (the health checks; /health is the same, for what polls it) and liveness, open to all.
            get("/api/v1/health", Set.of()).anonymous(Anonymous.YES),
            get("/api/v1/health/ready", Set.of()).anonymous(Anonymous.YES),
            get("/api/v1/health/live", Set.of()).anonymous(Anonymous.YES),
            // The OpenAPI document: the routes' shapes and roles, for any signed-in caller.
            get("/api/v1/openapi.json", READ_OR_MEMBER),
            get("/api/v1/points", READ),
            get("/api/v1/points/{point}", READ).owner(Owner.MEMBER_POINT),
            get("/api/v1/points/{point}/latest", READ).owner(Owner.MEMBER_POINT),
            get("/api/v1/points/{point}/samples", READ).owner(Owner.MEMBER_POINT),
            get("/api/v1/points/{point}/gaps", READ).owner(Owner.MEMBER_POINT),
            get("/api/v1/devices", READ),
            get("/api/v1/devices/{device}", READ),
            get("/api/v1/strategies", READ),
            get("/api/v1/strategies/{role}/comparison", READ),
            // A strategy bundle (a jar) to install as a candidate; the lifecycle's steps take no body.
            post("/api/v1/strategies", Set.of(OPERATOR)).body(32 * MB, JAR, OCTETS),
            post("/api/v1/strategies/{role}/{strategy}/{version}/shadow", Set.of(OPERATOR)),
            post("/api/v1/strategies/{role}/{strategy}/{version}/promote", Set.of(OPERATOR)),
            post("/api/v1/strategies/{role}/rollback", Set.of(OPERATOR)),
            get("/api/v1/forecasts", READ),
            // Member names are redacted for viewers and members (but a member's own).
            get("/api/v1/communities", READ_OR_MEMBER),
            get("/api/v1/members/{member}", STAFF).owner(Owner.MEMBER),
            get("/api/v1/members/{member}/export", STAFF).owner(Owner.MEMBER),
            get("/api/v1/statements/{member}", STAFF).owner(Owner.MEMBER),
            get("/api/v1/allocations", STAFF),
            get("/api/v1/allocations/{community}", STAFF),
            get("/api/v1/allocations/{community}/diff", STAFF),
            get("/api/v1/quarantine", STAFF),
            get("/api/v1/plans/latest", READ),
            get("/api/v1/plans/latest/{community}", READ),
            get("/api/v1/plans/{plan}", READ),
            get("/api/v1/plans/{plan}/performance", READ),
            get("/api/v1/loop", READ),
            get("/api/v1/loop/{community}", READ),
            get("/api/v1/control", READ),
            get("/api/v1/control/{community}", READ),
            get("/api/v1/events", READ),
            // The anomaly triage queue: staff all, viewers those about no member, a member those about itself alone
            // (the resource filters); operators move an anomaly through its states.
            get("/api/v1/anomalies", READ_OR_MEMBER),
            get("/api/v1/anomalies/{anomaly}", READ_OR_MEMBER),
            post("/api/v1/anomalies/{anomaly}/state", Set.of(OPERATOR)).body(4 * KB, JSON),
            // EV charging sessions (drivers/ocpp): a member sees and edits those at the chargers of its sites.
            get("/api/v1/ev/sessions", STAFF_OR_MEMBER),
            // The configured charge points and the unknown ones that tried to connect (to approve by configuring).
            get("/api/v1/ev/chargepoints", READ),
            put("/api/v1/ev/sessions/{session}", Set.of(MEMBER, OPERATOR)).body(4 * KB, JSON),
            get("/api/v1/audit", STAFF),
            // Says no more than health does (intact, entry count, problem); ./gridhub audit verify asks it locally.
            get("/api/v1/audit/verify", READ).anonymous(Anonymous.LOOPBACK),
            // Prometheus metrics (bundles/metrics): operational counts and times, no personal data; a scraper on the
            // hub's own host needs no credentials, a remote one a viewer's API token.
            get("/metrics", READ).anonymous(Anonymous.LOOPBACK).served(Served.METRICS),
            get("/api/v1/governance/proposals", STAFF),
            get("/api/v1/governance/proposals/{id}", STAFF),
            get("/api/v1/governance/audit", STAFF),
            get("/api/v1/tokens", Set.of(ADMIN)),
            post("/api/v1/allocations", Set.of(OPERATOR)).body(16 * MB, CSV, JSON),
            post("/api/v1/ingest/{source}", Set.of(OPERATOR))
                    .body(8 * MB, JSON, CSV)
                    .served(Served.INGEST),
            post("/api/v1/plans/{plan}/confirm", Set.of(OPERATOR)).body(4 * KB, JSON),
            post("/api/v1/governance/proposals", Set.of(OPERATOR)).body(MB, JSON),
            // What-if drills on the live community (docs/drills.md): operators run them and propose their reserve,
            // which a governance lead then approves or rejects like any policy.
            get("/api/v1/drills", STAFF),
            get("/api/v1/drills/{drill}", STAFF),
            get("/api/v1/drills/{drill}/report.html", STAFF),
            post("/api/v1/drills", Set.of(OPERATOR)).body(256 * KB, JSON),
            post("/api/v1/drills/{drill}/propose", Set.of(OPERATOR)).body(4 * KB, JSON),
            post("/api/v1/governance/proposals/{id}/approve", Set.of(LEAD)).body(MB, JSON),
            post("/api/v1/governance/proposals/{id}/reject", Set.of(LEAD)).body(MB, JSON),
            post("/api/v1/tokens", Set.of(ADMIN)).body(4 * KB, JSON),
            delete("/api/v1/tokens/{name}", Set.of(ADMIN)),
            // An online backup of the store, ledger and audit trail into a folder on the hub's host (./gridhub backup).
            post("/api/v1/admin/backup", Set.of(ADMIN)).body(4 * KB, JSON),
            // Erasure where the law allows it: an admin's decision, after checking the request (docs/security.md).
            delete("/api/v1/members/{member}/data", Set.of(ADMIN)));

    /** A route and the path variables of one request. */
    record Match(Route route, Map<String, String> vars) {}

    private Routes() {}

    /** The route of {@code method} (HEAD is GET) and decoded path {@code segments}; empty when none. */
    static Optional<Match> match(String method, List<String> segments) {
        String m = method.equals("HEAD") ? "GET" : method;
        for (Route r : ALL) {
            if (r.method().equals(m)) {
                Map<String, String> vars = r.match(segments);
                if (vars != null) {
                    return Optional.of(new Match(r, vars));
                }
            }
        }
        return Optional.empty();
    }

    /** The methods of the routes whose pattern fits {@code segments} (for 405 and its Allow header). */
    static List<String> methods(List<String> segments) {
        return ALL.stream()
                .filter(r -> r.match(segments) != null)
                .map(Route::method)
                .distinct()
                .toList();
    }

    private static Route get(String pattern, Set<String> roles) {
        return route("GET", pattern, roles);
    }

    private static Route post(String pattern, Set<String> roles) {
        return route("POST", pattern, roles);
    }

    private static Route put(String pattern, Set<String> roles) {
        return route("PUT", pattern, roles);
    }

    private static Route delete(String pattern, Set<String> roles) {
        return route("DELETE", pattern, roles);
    }

    /** A console page or file: anyone may load it (the scripts sign in before they read the API). */
    private static Route page(String pattern) {
        return get(pattern, Set.of()).anonymous(Anonymous.YES).served(Served.CONSOLE);
    }

    /** An API route: signed-in callers only, no owner check, no body (the withers of {@link Route} add them). */
    private static Route route(String method, String pattern, Set<String> roles) {
        return new Route(method, pattern, roles, Anonymous.NO, Owner.NONE, 0, Set.of(), Served.API);
    }
}
