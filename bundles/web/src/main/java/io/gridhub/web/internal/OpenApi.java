package io.gridhub.web.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridhub.web.internal.Route.Anonymous;
import io.gridhub.web.internal.Route.Owner;
import io.gridhub.web.internal.Route.Served;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The OpenAPI 3.1 document of the REST API, {@code GET /api/v1/openapi.json}. Generated from the route table
 * ({@link Routes}: paths, methods, path variables, roles, anonymous access, body types and limits) so that it
 * cannot name a route the hub does not have or miss one it has; what the table cannot say (a summary, the query
 * parameters, the name of a list) is written here per route, in {@link #DOCS}. A route without an entry still
 * appears, with its id as summary; a test asks for an entry for every route. The console's pages and the Prometheus
 * scrape ({@code /metrics}) are not API and are left out.
 */
final class OpenApi {
    private static final String JSON = "application/json";
    private static final String PROBLEM_REF = "#/components/responses/Problem";

    /** A query parameter: its name, what it is, and its JSON schema type (a format after a colon). */
    record Param(String name, String description, String type) {}

    /** What the route table does not say about a route. {@code list}: the field of a paged list, or null. */
    record Doc(String summary, String notes, List<Param> query, String list, int status) {
        Doc query(Param... more) {
            List<Param> all = new ArrayList<>(query);
            all.addAll(List.of(more));
            return new Doc(summary, notes, all, list, status);
        }

        /** A paged list under {@code field}: limit and offset come with it. */
        Doc list(String field) {
            return new Doc(summary, notes, query, field, status).query(LIMIT, OFFSET);
        }

        Doc status(int s) {
            return new Doc(summary, notes, query, list, s);
        }

        Doc notes(String n) {
            return new Doc(summary, n, query, list, status);
        }
    }

    static final Param LIMIT =
            new Param("limit", "entries in one page: 1 to 10000 (default 1000 for catalogs, 100 for logs)", "integer");
    static final Param OFFSET =
            new Param("offset", "entries to skip (default 0); `next` gives the next page", "integer");
    private static final Param FROM = new Param("from", "start of the range, an ISO-8601 instant", "string:date-time");
    private static final Param TO =
            new Param("to", "end of the range (excluded), an ISO-8601 instant", "string:date-time");
    private static final Param PERIOD = new Param("period", "the settlement period (default the latest)", "string");

    private static Doc doc(String summary) {
        return new Doc(summary, null, List.of(), null, 200);
    }

    /** The path variables of the routes. */
    private static final Map<String, String> VARS = Map.ofEntries(
            Map.entry("point", "a point id, e.g. `demo.shared-bat.p` (percent-encoded)"),
            Map.entry("device", "a device name as configured"),
            Map.entry("member", "a member id, e.g. `m01`"),
            Map.entry("community", "a community id, e.g. `demo`"),
            Map.entry("plan", "a plan id"),
            Map.entry("id", "a proposal number"),
            Map.entry("source", "an ingest source name (letters, digits, '.', '_', '-')"),
            Map.entry("name", "a token name"),
            Map.entry("role", "a strategy role: forecast, dispatch, allocation, anomaly"),
            Map.entry("strategy", "a strategy name, e.g. `lp-optimizer`"),
            Map.entry("version", "a strategy version, e.g. `1.2.0`"),
            Map.entry("session", "an EV charging session id: `<chargePointId>-<transactionId>`"),
            Map.entry("anomaly", "an anomaly number"),
            Map.entry("drill", "a drill run's id, as POST /api/v1/drills answers it"));

    static final Map<String, Doc> DOCS = docs();

    private static Map<String, Doc> docs() {
        Map<String, Doc> d = new LinkedHashMap<>();
        d.put("GET /api/v1/openapi.json", doc("This document (OpenAPI 3.1)"));
        d.put(
                "POST /api/v1/login",
                doc("Signs in with the realm's user and password: {\"user\", \"password\"}; answers a bearer token "
                        + "for the console (8 hours)"));
        d.put("POST /api/v1/logout", doc("Ends the session of the bearer token sent"));
        d.put("GET /api/v1/session", doc("Who the credentials sent are: name, roles, member"));
        d.put(
                "GET /api/v1/health",
                doc("The hub's readiness: UP (200) once every gridhub bundle is active and the store, the ingest "
                        + "routes, governance and the audit trail are open; STARTING (503, with what it waits for) "
                        + "or DEGRADED (503, with the reason)"));
        d.put(
                "POST /api/v1/admin/backup",
                doc("An online backup of the store, its settlement ledger and its audit trail while the hub runs: "
                                + "{\"directory\": \"/absolute/new/folder\"} on the hub's host; answers the folder, "
                                + "start, bytes and duration")
                        .notes("409 when the folder holds files already. ./gridhub backup DIR calls it; "
                                + "./gridhub restore DIR restores into a stopped instance (docs/operator-guide.md)."));
        d.put("GET /api/v1/health/ready", doc("The same as GET /api/v1/health (the readiness probe)"));
        d.put("GET /api/v1/health/live", doc("The liveness probe: 200 {\"status\":\"ALIVE\"} while the hub answers"));
        d.put("GET /api/v1/points", doc("The points of the hub").list("points"));
        d.put("GET /api/v1/points/{point}", doc("One point: asset, kind, quantity, unit, sign convention"));
        d.put("GET /api/v1/points/{point}/latest", doc("The point's latest sample (404 before the first)"));
        d.put(
                "GET /api/v1/points/{point}/samples",
                doc("The point's stored samples in [from, to), or buckets of `step`")
                        .query(
                                FROM,
                                TO,
                                new Param(
                                        "step", "bucket length, an ISO-8601 duration such as PT15M", "string:duration"),
                                new Param(
                                        "limit",
                                        "at most this many samples, oldest first (1 to 500000); `next` then asks for "
                                                + "the range after the last one sent",
                                        "integer"))
                        .notes("Default range: the last hour of the hub's time; at most 500000 samples or buckets "
                                + "(400 beyond, unless paged with limit)."));
        d.put(
                "GET /api/v1/points/{point}/gaps",
                doc("The point's data-quality gaps in the store in [from, to): each run of samples that are not GOOD "
                                + "(a lost link, an outage nothing back-filled) from its first sample to the next "
                                + "GOOD one, with why it began; their count and total length")
                        .query(FROM, TO)
                        .notes("Default range: the last day of the hub's time; at most 31 days (400 beyond). "
                                + "Settlement counts an interval a gap touches as missing (provisional)."));
        d.put(
                "GET /api/v1/devices",
                doc("The devices and their health, with data-quality gaps per point (`gaps`) and the span of the "
                                + "last outage nothing back-filled (`lastGapFrom`, `lastGapTo`)")
                        .list("devices"));
        d.put("GET /api/v1/devices/{device}", doc("One device and its health"));
        d.put(
                "GET /api/v1/strategies",
                doc("Every deployed strategy version and its state: candidate, shadow, active, retired, quarantined")
                        .list("strategies"));
        d.put(
                "GET /api/v1/strategies/{role}/comparison",
                doc("The strategy in shadow against the active one over the shadow period, re-evaluated on what "
                                + "happened: forecast errors, plan cost, violations and setpoint differences, members' "
                                + "results")
                        .query(new Param(
                                "points",
                                "true: also the values behind the figures (the newest " + Strategies.MAX_POINTS
                                        + "): time, actual, active, shadow per subject",
                                "boolean")));
        d.put(
                "POST /api/v1/strategies",
                doc("Uploads a strategy bundle (the jar as the body); it is installed through deploy/ and becomes a "
                                + "candidate")
                        .status(202));
        d.put(
                "POST /api/v1/strategies/{role}/{strategy}/{version}/shadow",
                doc("Runs a candidate in shadow: the active strategy's inputs, stored outputs, nothing executed"));
        d.put(
                "POST /api/v1/strategies/{role}/{strategy}/{version}/promote",
                doc("Makes a version active (202 with the proposal where the role is governed: it becomes active once "
                        + "a governance lead approves)"));
        d.put(
                "POST /api/v1/strategies/{role}/rollback",
                doc("Makes the version active before the current one active again"));
        d.put(
                "GET /api/v1/forecasts",
                doc("The latest forecast of every target, P10/P50/P90").list("forecasts"));
        d.put(
                "GET /api/v1/communities",
                doc("The communities: members, sites, assets, feeders, transformers")
                        .list("communities")
                        .notes("Names of members and their sites are shown to staff and to the member only."));
        d.put("GET /api/v1/members/{member}", doc("A member and the communities it is in"));
        d.put(
                "GET /api/v1/members/{member}/export",
                doc("Everything the hub keeps of a member: record, statements, time series")
                        .query(FROM, TO));
        d.put(
                "DELETE /api/v1/members/{member}/data",
                doc("Erases a member's time series (statements are kept for their retention period)"));
        d.put(
                "GET /api/v1/statements/{member}",
                doc("A member's statement of one settled period, with changes against an earlier version")
                        .query(
                                new Param("community", "the community (needed when several are settled)", "string"),
                                PERIOD,
                                new Param("version", "the version (default the latest)", "integer"),
                                new Param(
                                        "against", "the version to compare with (default the one before)", "integer")));
        d.put(
                "GET /api/v1/allocations",
                doc("The settled periods and their versions, by community").list("communities"));
        d.put(
                "GET /api/v1/allocations/{community}",
                doc("One settled version of a period")
                        .query(PERIOD, new Param("version", "the version (default the latest)", "integer")));
        d.put(
                "GET /api/v1/allocations/{community}/diff",
                doc("What changed between two versions of a period")
                        .query(
                                PERIOD,
                                new Param("from", "the earlier version (default the one before `to`)", "integer"),
                                new Param("to", "the later version (default the latest)", "integer")));
        d.put(
                "POST /api/v1/allocations",
                doc("Allocates and settles a period from meter data")
                        .status(201)
                        .query(
                                new Param("method", "the allocation method, for a CSV body (e.g. dynamic)", "string"),
                                new Param("community", "the community, for a CSV body", "string"),
                                new Param("importPrice", "EUR/kWh, for a CSV body", "number"),
                                new Param("exportPrice", "EUR/kWh, for a CSV body", "number"),
                                new Param("policyId", "an approved policy, for a CSV body", "string"))
                        .notes("Body: the meter CSV (text/csv) with the query parameters, or JSON {method, community, "
                                + "importPrice, exportPrice, policy | policyId, meters, prices}."));
        d.put(
                "GET /api/v1/quarantine",
                doc("What ingest refused to store and why, newest first").list("entries"));
        d.put(
                "POST /api/v1/ingest/{source}",
                doc("Pushes readings of a source: {\"readings\": [...]} or CSV; 200 once stored")
                        .notes("Served by the ingest bundle."));
        d.put("GET /api/v1/plans/latest", doc("The latest plan, with its explanation and execution"));
        d.put("GET /api/v1/plans/latest/{community}", doc("The latest plan of a community"));
        d.put("GET /api/v1/plans/{plan}", doc("A plan the operating loop keeps, with where it stands"));
        d.put("GET /api/v1/plans/{plan}/performance", doc("A plan's planned against realised cost and savings"));
        d.put(
                "POST /api/v1/plans/{plan}/confirm",
                doc("Confirms a supervised plan (409 when not pending: expired, superseded, not supervised)"));
        d.put("GET /api/v1/loop", doc("The communities the operating loop runs").list("communities"));
        d.put("GET /api/v1/loop/{community}", doc("A community's control authority and the last run of every stage"));
        d.put(
                "GET /api/v1/control",
                doc("The control authority in force per community").list("authorities"));
        d.put("GET /api/v1/control/{community}", doc("The control authority in force in a community"));
        d.put(
                "GET /api/v1/ev/sessions",
                doc("EV charging sessions: the open ones (active or offline) newest first, then the recently ended")
                        .list("sessions")
                        .query(
                                new Param("state", "only sessions in this state: active, offline, ended", "string"),
                                new Param("chargePoint", "only sessions at this charge point", "string"))
                        .notes("A member sees the sessions at the chargers of its own sites. Each session: arrival, "
                                + "departure and energyNeededWh with where they came from (default or member), "
                                + "energyDeliveredWh, energyRemainingWh, powerW, socPercent (null when not sent), "
                                + "maxPowerW, canDischarge."));
        d.put(
                "GET /api/v1/ev/chargepoints",
                doc("The configured charge points (connected, booted, vendor, model, last seen, connector states)")
                        .list("chargePoints")
                        .notes("Beside the list, `unknown`: identities no configuration names that tried to connect "
                                + "(refused; id, address, last attempt, attempts): approve one by configuring it."));
        d.put(
                "PUT /api/v1/ev/sessions/{session}",
                doc("Sets what the member says about an open session: {\"departure\": instant, "
                                + "\"energyNeededWh\": number} (either may be left out)")
                        .notes("The member of the charger's site or an operator; 409 when the session has ended, 400 "
                                + "when the departure is not after the arrival or the energy is negative."));
        d.put(
                "GET /api/v1/events",
                doc("The hub's events newest first, or with Accept: text/event-stream a live stream of events and "
                                + "new point values")
                        .list("events")
                        .query(new Param(
                                "points",
                                "the stream's point filter: comma-separated patterns, `*` any characters "
                                        + "(e.g. demo.shared-bat.*); default all",
                                "string"))
                        .notes("The stream (Server-Sent Events) sends `event: sample` (data: a sample) and "
                                + "`event: hub-event` (data: an event, id: its id), a comment every 15 s; a client "
                                + "that falls behind is disconnected."));
        d.put(
                "GET /api/v1/anomalies",
                doc("The anomaly triage queue, the most recently seen first: kind, severity, state, points, members, "
                                + "evidence window (from, to), explanation, occurrences, history")
                        .list("anomalies")
                        .query(
                                new Param("kind", "e.g. stuck, spike, gap, shares_mismatch, profile_change", "string"),
                                new Param("state", "new, acknowledged, resolved or false_positive", "string"),
                                new Param("severity", "low, medium or high", "string"),
                                new Param("point", "only anomalies of this point", "string"),
                                new Param("member", "only anomalies concerning this member", "string"),
                                new Param("community", "only this community's", "string"))
                        .notes("Staff see every anomaly, viewers those about no member, a member those about itself "
                                + "alone."));
        d.put("GET /api/v1/anomalies/{anomaly}", doc("One anomaly with its triage history"));
        d.put(
                "POST /api/v1/anomalies/{anomaly}/state",
                doc("Moves an anomaly to another state: {\"state\": \"acknowledged\", \"comment\": \"…\"}; "
                                + "audited")
                        .notes("new → acknowledged, resolved or false_positive; acknowledged → resolved or "
                                + "false_positive; resolved or false_positive → new (reopened). 409 for another "
                                + "transition; 503 when the audit trail refuses to record it (it is not made)."));
        d.put(
                "GET /api/v1/audit",
                doc("The audit trail newest first")
                        .list("entries")
                        .query(new Param("subject", "only entries whose subject starts with this", "string")));
        d.put(
                "GET /api/v1/audit/verify",
                doc("The audit trail's chain checked: intact, entries, problem")
                        .notes("Anonymous callers on the hub's own host get the check health uses "
                                + "(at most 10 s old)."));
        d.put("GET /api/v1/governance/proposals", doc("Policy proposals").list("proposals"));
        d.put("GET /api/v1/governance/proposals/{id}", doc("One proposal"));
        d.put(
                "GET /api/v1/governance/audit",
                doc("The governance log with the check of its chain").list("entries"));
        d.put(
                "POST /api/v1/governance/proposals",
                doc("Proposes a policy version: {\"policy\": {...}, \"effectiveFrom\": instant}")
                        .status(201)
                        .query(new Param(
                                "effectiveFrom", "when it takes effect, if not in the body", "string:date-time")));
        d.put(
                "POST /api/v1/governance/proposals/{id}/approve",
                doc("Approves a proposal (a governance lead who is not its proposer)"));
        d.put("POST /api/v1/governance/proposals/{id}/reject", doc("Rejects a proposal: {\"reason\": \"...\"}"));
        d.put(
                "GET /api/v1/tokens",
                doc("The API tokens (names and roles, never the tokens)").list("tokens"));
        d.put(
                "POST /api/v1/tokens",
                doc("Creates an API token: {\"name\", \"roles\": [viewer|operator]}; the token is in this answer only")
                        .status(201));
        d.put("DELETE /api/v1/tokens/{name}", doc("Revokes an API token"));
        d.put(
                "POST /api/v1/drills",
                doc("Runs a what-if drill on the live community: the drill of docs/drill-scenario.schema.json without "
                                + "\"scenario\" (samples and time bounded by the hub); answers the run with its report "
                                + "(\"result\")")
                        .status(201)
                        .query(new Param("community", "the community (default: the loop's only one)", "string")));
        d.put(
                "GET /api/v1/drills",
                doc("The recent drill runs, newest first (kept in memory)").list("drills"));
        d.put("GET /api/v1/drills/{drill}", doc("A drill run with its report"));
        d.put("GET /api/v1/drills/{drill}/report.html", doc("A drill run's report as an HTML page with charts"));
        d.put(
                "POST /api/v1/drills/{drill}/propose",
                doc("Proposes the drill's battery reserve as the next version of the community's dispatch policy "
                                + "(a governance lead approves it): {\"effectiveFrom\": instant}, optional")
                        .status(201));
        return Map.copyOf(d);
    }

    private OpenApi() {}

    static void register(Handlers h) {
        ObjectNode document = build();
        h.get("/api/v1/openapi.json", c -> document);
    }

    /** The routes the document describes: all but the console's pages and the Prometheus scrape. */
    static List<Route> routes() {
        return Routes.ALL.stream().filter(OpenApi::api).toList();
    }

    /** Whether a route is REST API (the console's pages and {@code /metrics} are not). */
    static boolean api(Route r) {
        return r.served() != Served.CONSOLE && r.served() != Served.METRICS;
    }

    static ObjectNode build() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("openapi", "3.1.0");
        root.putObject("info")
                .put("title", "gridhub REST API")
                .put("version", "1")
                .put(
                        "description",
                        "Every list is paged (limit, offset; total, next beside the list); every time an ISO-8601 "
                                + "instant, every duration an ISO-8601 duration; every error an RFC 9457 problem "
                                + "(application/problem+json). Callers: HTTP Basic (a user of the hub's realm) or "
                                + "an API token (bearer); admin may call every route.");
        ArrayNode security = root.putArray("security");
        security.addObject().putArray("basic");
        security.addObject().putArray("bearer");
        ObjectNode paths = root.putObject("paths");
        for (Route r : routes()) {
            ObjectNode item =
                    paths.has(r.pattern()) ? (ObjectNode) paths.get(r.pattern()) : paths.putObject(r.pattern());
            item.set(r.method().toLowerCase(Locale.ROOT), operation(r));
        }
        components(root.putObject("components"));
        return root;
    }

    private static ObjectNode operation(Route r) {
        Doc d = DOCS.getOrDefault(r.id(), doc(r.id()));
        ObjectNode op = Json.MAPPER.createObjectNode();
        List<String> segs = Route.segments(r.pattern())
                .subList(2, Route.segments(r.pattern()).size());
        op.put("operationId", operationId(r.method(), segs));
        op.putArray("tags").add(segs.get(0));
        op.put("summary", d.summary());
        op.put("description", description(r, d));
        ArrayNode params = op.putArray("parameters");
        for (String s : segs) {
            if (s.startsWith("{")) {
                String name = s.substring(1, s.length() - 1);
                ObjectNode p = params.addObject()
                        .put("name", name)
                        .put("in", "path")
                        .put("required", true)
                        .put("description", VARS.getOrDefault(name, name));
                p.putObject("schema").put("type", "string");
            }
        }
        for (Param q : d.query()) {
            ObjectNode p = params.addObject()
                    .put("name", q.name())
                    .put("in", "query")
                    .put("required", false)
                    .put("description", q.description());
            schema(p.putObject("schema"), q.type());
        }
        if (r.takesBody() && !r.contentTypes().isEmpty()) {
            ObjectNode body = op.putObject("requestBody").put("required", true);
            body.put("description", "at most " + r.maxBody() + " bytes");
            ObjectNode content = body.putObject("content");
            for (String type : new TreeSet<>(r.contentTypes())) {
                ObjectNode schema = content.putObject(type)
                        .putObject("schema")
                        .put("type", type.equals(JSON) ? "object" : "string");
                if (!type.equals(JSON) && !type.startsWith("text/")) {
                    schema.put("format", "binary");
                }
            }
        }
        ObjectNode responses = op.putObject("responses");
        ObjectNode ok = responses.putObject(String.valueOf(d.status())).put("description", d.summary());
        ObjectNode content = ok.putObject("content");
        answer(content.putObject(JSON).putObject("schema"), d.list());
        if (r.id().equals("GET /api/v1/events")) {
            content.putObject("text/event-stream").putObject("schema").put("type", "string");
        }
        List<Integer> errors = new ArrayList<>();
        if (!d.query().isEmpty() || r.takesBody()) {
            errors.add(400);
        }
        if (r.anonymous() != Anonymous.YES) {
            errors.addAll(List.of(401, 403));
        }
        if (r.pattern().contains("{") || r.takesBody()) {
            errors.add(404);
        }
        if (r.takesBody()) {
            errors.addAll(List.of(409, 413, 415));
        }
        errors.add(503);
        for (int e : errors) {
            responses.putObject(String.valueOf(e)).put("$ref", PROBLEM_REF);
        }
        if (r.anonymous() == Anonymous.YES) {
            op.putArray("security").addObject();
        } else if (r.anonymous() == Anonymous.LOOPBACK) {
            ArrayNode s = op.putArray("security");
            s.addObject();
            s.addObject().putArray("basic");
            s.addObject().putArray("bearer");
        }
        return op;
    }

    /** The summary, the notes, and who may call it. */
    private static String description(Route r, Doc d) {
        StringBuilder s = new StringBuilder(d.summary()).append('.');
        if (d.notes() != null) {
            s.append(' ').append(d.notes());
        }
        s.append("\n\nRoles: ");
        if (r.anonymous() == Anonymous.YES) {
            s.append("anyone, without credentials.");
        } else {
            s.append(r.roles().isEmpty() ? "none" : String.join(", ", new TreeSet<>(r.roles())))
                    .append(" (admin: every route)");
            if (r.owner() == Owner.MEMBER) {
                s.append("; or the member {member} itself");
            } else if (r.owner() == Owner.MEMBER_POINT) {
                s.append("; a point of a member's asset only to that member, operators and governance leads");
            }
            if (r.anonymous() == Anonymous.LOOPBACK) {
                s.append("; anonymous callers on the hub's own host too");
            }
            s.append('.');
        }
        if (r.maxBody() > 0) {
            s.append(" Body: ")
                    .append(String.join(" or ", new TreeSet<>(r.contentTypes())))
                    .append(", at most ")
                    .append(r.maxBody())
                    .append(" bytes.");
        }
        return s.toString();
    }

    /** {@code getPointsByPointSamples} for GET /api/v1/points/{point}/samples. */
    private static String operationId(String method, List<String> segs) {
        StringBuilder id = new StringBuilder(method.toLowerCase(Locale.ROOT));
        for (String s : segs) {
            boolean var = s.startsWith("{");
            String word = var ? "By" + cap(s.substring(1, s.length() - 1)) : cap(s.replace(".json", "Json"));
            id.append(word);
        }
        return id.toString();
    }

    private static String cap(String s) {
        StringBuilder out = new StringBuilder();
        for (String part : s.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }

    private static void schema(ObjectNode schema, String type) {
        int colon = type.indexOf(':');
        schema.put("type", colon < 0 ? type : type.substring(0, colon));
        if (colon >= 0) {
            schema.put("format", type.substring(colon + 1));
        }
        if (type.equals("integer")) {
            schema.put("minimum", 0);
        }
    }

    private static void answer(ObjectNode schema, String list) {
        if (list == null) {
            schema.put("type", "object");
            return;
        }
        ArrayNode all = schema.putArray("allOf");
        all.addObject().put("$ref", "#/components/schemas/Page");
        ObjectNode own = all.addObject().put("type", "object");
        own.putObject("properties").putObject(list).put("type", "array");
        own.putArray("required").add(list);
    }

    private static void components(ObjectNode c) {
        ObjectNode schemes = c.putObject("securitySchemes");
        schemes.putObject("basic")
                .put("type", "http")
                .put("scheme", "basic")
                .put("description", "a user of the hub's realm (etc/users.properties)");
        schemes.putObject("bearer")
                .put("type", "http")
                .put("scheme", "bearer")
                .put("description", "an API token (POST /api/v1/tokens)");
        ObjectNode schemas = c.putObject("schemas");
        ObjectNode problem =
                schemas.putObject("Problem").put("type", "object").put("description", "RFC 9457 problem details");
        ObjectNode pp = problem.putObject("properties");
        pp.putObject("type").put("type", "string").put("format", "uri-reference");
        pp.putObject("title").put("type", "string");
        pp.putObject("status").put("type", "integer");
        pp.putObject("detail").put("type", "string");
        pp.putObject("instance").put("type", "string").put("format", "uri-reference");
        problem.putArray("required").add("type").add("title").add("status");
        ObjectNode page = schemas.putObject("Page")
                .put("type", "object")
                .put("description", "the paging fields beside a list, which keeps its own name");
        ObjectNode props = page.putObject("properties");
        props.putObject("total")
                .put("type", "integer")
                .put("description", "entries in the whole list (absent where the source cannot count them)");
        props.putObject("limit").put("type", "integer");
        props.putObject("offset").put("type", "integer");
        props.putObject("next")
                .put("description", "path and query of the next page; null on the last")
                .putArray("type")
                .add("string")
                .add("null");
        page.putArray("required").add("limit").add("offset").add("next");
        c.putObject("responses")
                .putObject("Problem")
                .put("description", "an RFC 9457 problem saying what was wrong")
                .putObject("content")
                .putObject("application/problem+json")
                .putObject("schema")
                .put("$ref", "#/components/schemas/Problem");
    }
}
