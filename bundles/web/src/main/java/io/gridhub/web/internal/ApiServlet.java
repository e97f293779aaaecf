package io.gridhub.web.internal;

import static io.gridhub.web.internal.Json.write;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.gridhub.api.audit.AuditTrail;
import io.gridhub.api.audit.AuditVerification;
import io.gridhub.api.bus.LatestValues;
import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.dispatch.PlanStore;
import io.gridhub.api.driver.DeviceRegistry;
import io.gridhub.api.event.HubEvents;
import io.gridhub.api.forecast.LatestForecasts;
import io.gridhub.api.forecast.PublishedForecast;
import io.gridhub.api.governance.PolicyGovernance;
import io.gridhub.api.ingest.Quarantine;
import io.gridhub.api.loop.OperatingLoop;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import io.gridhub.api.registry.PointRegistry;
import io.gridhub.api.registry.TopologyProvider;
import io.gridhub.api.settlement.SettlementException;
import io.gridhub.api.settlement.SettlementLedger;
import io.gridhub.api.settlement.SettlementService;
import io.gridhub.api.store.StoreException;
import io.gridhub.api.store.TimeSeriesStore;
import io.gridhub.api.strategy.StrategyRegistry;
import io.gridhub.api.time.HubClock;
import io.gridhub.web.internal.Routes.Match;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API under {@code /api/v1}. It dispatches from the route table ({@link Routes}) as the access filter
 * matched it, so a route without an entry in the table (and thus without an access rule) cannot be served. Every
 * answer is JSON; an error is {@code {"status":…, "error":"…"}} with a message saying what was wrong.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/v1/*")
@HttpWhiteboardServletName("gridhub-api")
public final class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

    private final transient BundleContext context;
    private final transient SampleBus bus;
    private final transient LatestValues latest;
    private final transient PointRegistry points;
    private final transient TopologyProvider topology;
    private final transient StrategyRegistry strategies;
    private final transient DeviceRegistry devices;
    /** Decides default time ranges, the age of cached checks and the time an export is stamped with. */
    /** The hub's time: the default ranges of data queries. */
    private final transient Clock clock;
    /** How old a cached check may be is wall time, whatever the hub's speed. */
    private final transient Clock wall = Clock.systemUTC();
    // Optional: the API runs without the allocation feature and answers 503 on its resources.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile SettlementService settlement;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile SettlementLedger ledger;
    // Optional: the API answers without a store or an ingest bundle, and follows them when they come and go.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile TimeSeriesStore store;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile Quarantine quarantine;
    /** Optional: the hub runs without forecasting; /api/v1/forecasts then answers 503. */
    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile LatestForecasts forecasts;
    /** Policy governance (with the allocation feature); optional, /api/v1/governance then answers 503. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile PolicyGovernance governance;

    private final transient ApiTokens tokens;
    private final transient Map<String, Handler> handlers = handlers();
    /** The dispatch loop's plans; optional, the API works without the dispatch feature. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile PlanStore plans;
    /** The operating loop (feature gridhub-dispatch); optional, /api/v1/loop and /api/v1/control then answer 503. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile OperatingLoop loop;
    /** The hub's events (feature gridhub-store); optional, /api/v1/events then answers 503. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile HubEvents events;
    /** The audit trail (feature gridhub-store); optional, /api/v1/audit then answers 503 and health skips it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile AuditTrail audit;
    /** The last check of the audit trail, so that health (polled by the console) does not re-read it each time. */
    private transient volatile AuditCheck auditCheck;

    /** A check of one trail at one time. */
    private record AuditCheck(AuditTrail trail, Instant at, AuditVerification result) {}

    private static final Duration AUDIT_CHECK_TTL = Duration.ofSeconds(10);

    @Activate
    public ApiServlet(
            BundleContext context,
            @Reference SampleBus bus,
            @Reference LatestValues latest,
            @Reference PointRegistry points,
            @Reference TopologyProvider topology,
            @Reference StrategyRegistry strategies,
            @Reference DeviceRegistry devices,
            @Reference ApiTokens tokens,
            @Reference HubClock time) {
        this(context, bus, latest, points, topology, strategies, devices, tokens, time.clock());
    }

    ApiServlet(
            BundleContext context,
            SampleBus bus,
            LatestValues latest,
            PointRegistry points,
            TopologyProvider topology,
            StrategyRegistry strategies,
            DeviceRegistry devices,
            ApiTokens tokens,
            Clock clock) {
        this.clock = clock;
        this.context = context;
        this.tokens = tokens;
        this.bus = bus;
        this.latest = latest;
        this.points = points;
        this.topology = topology;
        this.strategies = strategies;
        this.devices = devices;
    }

    /** One route's work: reads the call, writes the answer. */
    @FunctionalInterface
    interface Handler {
        void handle(Call call) throws IOException, SettlementException;
    }

    /** The body of a route's answer when all goes well (200; a problem is thrown as an {@link ApiException}). */
    @FunctionalInterface
    interface Answer {
        Object answer(Call call) throws IOException, SettlementException;
    }

    /** The handler that writes {@code answer}'s body with status 200, the answer of most routes. */
    private static Handler ok(Answer answer) {
        return c -> write(c.resp(), 200, answer.answer(c));
    }

    /**
     * A request as the access filter matched it: its route and path variables, the caller, and the path segments
     * after {@code /api/v1}.
     */
    record Call(
            HttpServletRequest req, HttpServletResponse resp, Route route, Map<String, String> vars, Caller caller) {
        String var(String name) {
            return vars.get(name);
        }

        String[] seg() {
            List<String> all =
                    Route.segments(req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo()));
            return all.subList(2, all.size()).toArray(String[]::new);
        }

        /** The body, at most the route's limit (413 beyond; the filter's bounded stream refuses earlier). */
        String body() throws IOException {
            long max = route.maxBody();
            byte[] b = req.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (b.length > max) {
                throw new ApiException(413, route.id() + " takes at most " + max + " bytes of body");
            }
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    /** The handler of every route of {@link Routes} that this servlet serves, by route id. */
    private Map<String, Handler> handlers() {
        Map<String, Handler> h = new LinkedHashMap<>();
        h.put("GET /api/v1/health", c -> {
            Health health = health();
            write(c.resp(), health.up() ? 200 : 503, health);
        });
        h.put("GET /api/v1/points", ok(c -> Map.of("points", points.points())));
        h.put("GET /api/v1/points/{point}", ok(c -> {
            PointId id = pointId(c.var("point"));
            return points.point(id).orElseThrow(() -> new ApiException(404, "unknown point " + id));
        }));
        h.put("GET /api/v1/points/{point}/latest", ok(c -> {
            PointId id = pointId(c.var("point"));
            return latest.latest(id).orElseThrow(() -> new ApiException(404, "no sample of point " + id + " yet"));
        }));
        h.put("GET /api/v1/points/{point}/samples", c -> samples(pointId(c.var("point")), c.req(), c.resp()));
        h.put("GET /api/v1/devices", ok(c -> Map.of("devices", devices.devices())));
        h.put("GET /api/v1/devices/{device}", ok(c -> {
            String name = Query.segment(c.var("device"));
            return devices.device(name).orElseThrow(() -> new ApiException(404, "unknown device " + name));
        }));
        h.put("GET /api/v1/strategies", ok(c -> Map.of("strategies", strategies.strategies())));
        h.put("GET /api/v1/forecasts", c -> forecasts(c.resp()));
        h.put(
                "GET /api/v1/communities",
                ok(c -> Map.of("communities", Members.communities(topology.communities(), c.caller()))));
        h.put("GET /api/v1/members/{member}", ok(c -> Members.record(topology.communities(), c.var("member"))));
        h.put("GET /api/v1/members/{member}/export", ok(c -> {
            Instant to = instant(c.req(), "to", clock.instant());
            Instant from = instant(c.req(), "from", to.minus(Members.DEFAULT_EXPORT_RANGE));
            c.resp()
                    .setHeader(
                            "Content-Disposition",
                            "attachment; filename=\"member-" + c.var("member") + "-export.json\"");
            return Members.export(
                    c.var("member"),
                    topology.communities(),
                    points.points(),
                    points::point,
                    ledger,
                    store,
                    from,
                    to,
                    clock.instant());
        }));
        h.put("DELETE /api/v1/members/{member}/data", ok(c -> {
            TimeSeriesStore s = store;
            if (s == null) {
                throw new ApiException(503, "no time-series store is running");
            }
            return Members.erase(c.var("member"), topology.communities(), points.points(), points::point, s);
        }));
        h.put(
                "GET /api/v1/statements/{member}",
                ok(c -> Settlements.statement(ledger(), Query.segment(c.var("member")), c.req()::getParameter)));
        h.put("GET /api/v1/allocations", ok(c -> Settlements.list(ledger())));
        Handler allocation = ok(c -> Settlements.get(ledger(), c.seg(), c.req()::getParameter));
        h.put("GET /api/v1/allocations/{community}", allocation);
        h.put("GET /api/v1/allocations/{community}/diff", allocation);
        h.put("GET /api/v1/quarantine", c -> quarantine(c.req(), c.resp()));
        Handler plan = ok(c -> Plans.get(loop, plans, c.seg()));
        h.put("GET /api/v1/plans/latest", plan);
        h.put("GET /api/v1/plans/latest/{community}", plan);
        h.put("GET /api/v1/plans/{plan}", plan);
        h.put("GET /api/v1/plans/{plan}/performance", plan);
        Handler loopState = ok(c -> Loop.get(loop(), c.seg()));
        h.put("GET /api/v1/loop", loopState);
        h.put("GET /api/v1/loop/{community}", loopState);
        Handler control = ok(c -> Control.get(loop(), c.seg()));
        h.put("GET /api/v1/control", control);
        h.put("GET /api/v1/control/{community}", control);
        h.put("GET /api/v1/events", ok(c -> Events.get(events(), c.seg(), c.req()::getParameter)));
        h.put("GET /api/v1/audit", ok(c -> Audit.get(audit(), c.seg(), c.req()::getParameter)));
        h.put("GET /api/v1/audit/verify", ok(c -> {
            AuditTrail a = audit();
            AuditVerification v;
            if (c.caller().anonymous()) {
                // Anonymous (loopback) callers get the check health uses, at most 10 s old: no fresh full check
                // on demand.
                v = auditCheck();
            } else {
                v = verify(a);
                auditCheck = new AuditCheck(a, wall.instant(), v);
            }
            return Audit.verification(v);
        }));
        Handler governanceRead = ok(c -> Governance.get(governance(), c.seg()));
        h.put("GET /api/v1/governance/proposals", governanceRead);
        h.put("GET /api/v1/governance/proposals/{id}", governanceRead);
        h.put("GET /api/v1/governance/audit", governanceRead);
        Handler governanceWrite = c -> {
            String[] seg = c.seg();
            String body = c.body();
            write(
                    c.resp(),
                    seg.length == 2 ? 201 : 200,
                    Governance.post(governance(), seg, body, c.caller().actor(), c.req()::getParameter));
        };
        h.put("POST /api/v1/governance/proposals", governanceWrite);
        h.put("POST /api/v1/governance/proposals/{id}/approve", governanceWrite);
        h.put("POST /api/v1/governance/proposals/{id}/reject", governanceWrite);
        h.put(
                "POST /api/v1/plans/{plan}/confirm",
                ok(c -> Plans.confirm(loop, plans, c.seg(), c.caller().actor())));
        h.put("POST /api/v1/allocations", c -> {
            String body = c.body();
            write(
                    c.resp(),
                    201,
                    Settlements.post(settlement(), ledger(), c.req().getContentType(), body, c.req()::getParameter));
        });
        h.put(
                "GET /api/v1/tokens",
                ok(c -> Map.of("tokens", tokens.list(), "file", tokens.file().toString())));
        h.put("POST /api/v1/tokens", c -> {
            String body = c.body();
            JsonNode n = Json.MAPPER.readTree(body.isBlank() ? "{}" : body);
            List<String> roles = new ArrayList<>();
            if (n.has("roles") && n.get("roles").isArray()) {
                n.get("roles").forEach(r -> roles.add(r.asText()));
            }
            write(
                    c.resp(),
                    201,
                    tokens.create(
                            n.hasNonNull("name") ? n.get("name").asText() : null,
                            roles,
                            c.caller().actor()));
        });
        h.put("DELETE /api/v1/tokens/{name}", ok(c -> {
            if (!tokens.revoke(c.var("name"))) {
                throw new ApiException(404, "no token named " + c.var("name"));
            }
            return Map.of("revoked", c.var("name"));
        }));
        return Map.copyOf(h);
    }

    /** The ids of the routes this servlet answers (tests compare them with {@link Routes}). */
    Set<String> routeIds() {
        return handlers.keySet();
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String what = req.getMethod() + " " + req.getRequestURI();
        Match match = (Match) req.getAttribute(AccessFilter.MATCH);
        Caller caller = (Caller) req.getAttribute(AccessFilter.CALLER);
        if (match == null || caller == null) {
            // Never serve without the access filter in front (e.g. while it is not registered yet).
            Json.problem(resp, 503, "the access filter is not active yet: try again");
            return;
        }
        Handler h = handlers.get(match.route().id());
        try {
            if (h == null) {
                throw new ApiException(404, "no resource " + req.getRequestURI());
            }
            h.handle(new Call(req, resp, match.route(), match.vars(), caller));
        } catch (SettlementException e) {
            LOG.warn("{}: settlement ledger failed", what, e);
            Json.problem(resp, 500, e.getMessage());
        } catch (JsonProcessingException e) {
            Json.problem(resp, 400, "request body: not JSON: " + e.getOriginalMessage());
        } catch (ApiException e) {
            Json.problem(resp, e.status(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("{} failed", what, e);
            Json.problem(resp, 500, "internal error: " + e);
        }
    }

    /** Health: bundles, the audit trail, the store and governance (each check at most 10 s old). */
    private Health health() {
        List<String> problems = new ArrayList<>();
        Bundle[] bundles = context.getBundles();
        TimeSeriesStore s = store;
        if (s == null) {
            if (active(bundles, STORE_BUNDLE)) {
                problems.add("the time-series store is not running (bundle " + STORE_BUNDLE + " is active without "
                        + "its store; see data/log/karaf.log)");
            }
        } else {
            cached("store", s, () -> {
                        try {
                            s.latest(PROBE);
                            return null;
                        } catch (StoreException | RuntimeException e) {
                            return "the time-series store fails: " + e.getMessage();
                        }
                    })
                    .ifPresent(problems::add);
        }
        PolicyGovernance g = governance;
        if (g == null) {
            if (active(bundles, GOVERNANCE_BUNDLE)) {
                problems.add("policy governance is not running (bundle " + GOVERNANCE_BUNDLE + " is active without "
                        + "it: a broken governance log stops it; see data/log/karaf.log)");
            }
        } else {
            cached("governance", g, () -> {
                        try {
                            return g.verifyAudit()
                                    .map(p -> "the governance audit log is broken: " + p)
                                    .orElse(null);
                        } catch (RuntimeException e) {
                            return "the governance audit log cannot be checked: " + e;
                        }
                    })
                    .ifPresent(problems::add);
        }
        return Health.of(bundles, context.getBundle().getVersion().toString(), bus.published(), auditCheck(), problems);
    }

    private static final String STORE_BUNDLE = "io.gridhub.store-derby";
    private static final String GOVERNANCE_BUNDLE = "io.gridhub.governance";
    /** A point no one has: reading its latest sample proves the store answers. */
    private static final PointId PROBE = PointId.of("gridhub.health.probe");

    private static boolean active(Bundle[] bundles, String name) {
        for (Bundle b : bundles) {
            if (name.equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE) {
                return true;
            }
        }
        return false;
    }

    /** A check's result (the problem, or empty) of one service, kept {@link #AUDIT_CHECK_TTL}. */
    private record Check(Object service, Instant at, Optional<String> problem) {}

    private final transient Map<String, Check> checks = new ConcurrentHashMap<>();

    private Optional<String> cached(String what, Object service, Supplier<String> check) {
        Check c = checks.get(what);
        Instant now = wall.instant();
        if (c == null || c.service() != service || c.at().plus(AUDIT_CHECK_TTL).isBefore(now)) {
            c = new Check(service, now, Optional.ofNullable(check.get()));
            checks.put(what, c);
        }
        return c.problem();
    }

    private SettlementService settlement() {
        return required(
                settlement,
                "the settlement service is not running: it needs the feature "
                        + "gridhub-allocation, the store's settlement ledger and the policy governance (a broken "
                        + "governance audit log stops it; see data/log/karaf.log)");
    }

    private PolicyGovernance governance() {
        return required(governance, "policy governance is not installed (feature gridhub-allocation)");
    }

    private OperatingLoop loop() {
        return required(loop, "the operating loop is not running (bundle io.gridhub.loop, feature gridhub-dispatch)");
    }

    private HubEvents events() {
        return required(events, "no event log is running (feature gridhub-store)");
    }

    private AuditTrail audit() {
        return required(audit, "no audit trail is running (feature gridhub-store)");
    }

    /** An optional service, or 503 saying what to install while it is absent. */
    private static <T> T required(T service, String absent) {
        if (service == null) {
            throw new ApiException(503, absent);
        }
        return service;
    }

    /** The audit trail's check for health: at most {@link #AUDIT_CHECK_TTL} old; null without a trail. */
    private AuditVerification auditCheck() {
        AuditTrail a = audit;
        if (a == null) {
            return null;
        }
        AuditCheck c = auditCheck;
        Instant now = wall.instant();
        if (c == null || c.trail() != a || c.at().plus(AUDIT_CHECK_TTL).isBefore(now)) {
            c = new AuditCheck(a, now, verify(a));
            auditCheck = c;
        }
        return c.result();
    }

    private static AuditVerification verify(AuditTrail a) {
        try {
            return a.verify();
        } catch (RuntimeException e) {
            LOG.warn("the audit trail's check failed", e);
            return new AuditVerification(0, Optional.of("the check failed: " + e));
        }
    }

    private SettlementLedger ledger() {
        return required(ledger, "no settlement ledger is installed (feature gridhub-allocation)");
    }

    /** Raw samples, or buckets when {@code step} is given, of {@code [from, to)} (default: the last hour). */
    private void samples(PointId id, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        TimeSeriesStore s = store;
        if (s == null) {
            throw new ApiException(503, "no time-series store is running");
        }
        Instant to = instant(req, "to", clock.instant());
        Instant from = instant(req, "from", to.minus(Duration.ofHours(1)));
        if (!from.isBefore(to)) {
            throw new ApiException(400, "from (" + from + ") must be before to (" + to + ")");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("point", id);
        body.put("from", from);
        body.put("to", to);
        try {
            String step = req.getParameter("step");
            if (step == null || step.isBlank()) {
                // Read one more than the cap, never the whole range: a year of one point would not fit the heap.
                List<Sample> samples = s.range(id, from, to, MAX_RAW_SAMPLES + 1);
                if (samples.size() > MAX_RAW_SAMPLES) {
                    throw new ApiException(
                            400,
                            "more than " + MAX_RAW_SAMPLES + " samples of " + id + " in [" + from + ", " + to
                                    + "): ask for a shorter range or give a step");
                }
                body.put("samples", samples);
            } else {
                Duration d = duration(step);
                if ((to.toEpochMilli() - from.toEpochMilli()) / Math.max(1, d.toMillis()) > MAX_RAW_SAMPLES) {
                    throw new ApiException(400, "step " + step + " gives more than " + MAX_RAW_SAMPLES + " buckets");
                }
                body.put("step", d.toString());
                body.put("buckets", s.aggregate(id, from, to, d));
            }
        } catch (StoreException e) {
            LOG.warn("query of {} failed", id, e);
            throw new ApiException(503, "the store failed: " + e.getMessage());
        }
        write(resp, 200, body);
    }

    private void quarantine(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Quarantine q = quarantine;
        if (q == null) {
            throw new ApiException(503, "no ingest pipeline is running");
        }
        int limit = Query.limit(req.getParameter("limit"), 100, 10_000);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", q.total());
        body.put("entries", q.recent(limit));
        write(resp, 200, body);
    }

    private static final int MAX_RAW_SAMPLES = 500_000;

    private static Instant instant(HttpServletRequest req, String name, Instant fallback) {
        return Query.instant(name, req.getParameter(name), fallback);
    }

    private static Duration duration(String v) {
        try {
            Duration d = Duration.parse(v.trim());
            if (d.isZero() || d.isNegative()) {
                throw new ApiException(400, "step must be positive, got " + v);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new ApiException(400, "step must be an ISO-8601 duration such as PT15M, got '" + v + "'");
        }
    }

    private void forecasts(HttpServletResponse resp) throws IOException {
        LatestForecasts f = forecasts;
        if (f == null) {
            throw new ApiException(
                    503,
                    "no forecast runner is running: it needs the feature gridhub-forecast and "
                            + "the configuration io.gridhub.forecast.runner (see bundles/forecast-runner/README.md)");
        }
        List<Map<String, Object>> list =
                f.latest().stream().map(ApiServlet::forecast).toList();
        write(resp, 200, Map.of("forecasts", list));
    }

    /** One forecast on the wire: what, by whom, when, and the P10/P50/P90 values over one time axis. */
    static Map<String, Object> forecast(PublishedForecast p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", p.target());
        m.put("kind", p.kind());
        m.put("model", p.strategy());
        m.put("version", p.version());
        m.put("issueTime", p.forecast().p50().issueTime());
        m.put("computedAt", p.computedAt());
        m.put("start", p.forecast().p50().start());
        m.put("step", p.forecast().p50().step().toString());
        m.put("unit", p.forecast().p50().unit());
        m.put("p10", p.forecast().p10().values());
        m.put("p50", p.forecast().p50().values());
        m.put("p90", p.forecast().p90().values());
        return m;
    }

    private static PointId pointId(String raw) {
        String decoded = URLDecoder.decode(raw, StandardCharsets.UTF_8);
        try {
            return PointId.of(decoded);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, e.getMessage());
        }
    }
}
