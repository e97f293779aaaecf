package io.gridhub.web.internal;

import io.gridhub.api.audit.AuditTrail;
import io.gridhub.api.audit.AuditVerification;
import io.gridhub.api.bus.LatestValues;
import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.dispatch.PlanStore;
import io.gridhub.api.driver.DeviceRegistry;
import io.gridhub.api.event.HubEvents;
import io.gridhub.api.ingest.Quarantine;
import io.gridhub.api.loop.OperatingLoop;
import io.gridhub.api.forecast.LatestForecasts;
import io.gridhub.api.forecast.PublishedForecast;
import io.gridhub.api.governance.Actor;
import io.gridhub.api.governance.PolicyGovernance;
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
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
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
 * The REST API under {@code /api/v1}. Every answer is JSON; an error is {@code {"status":…, "error":"…"}} with
 * a message saying what was wrong.
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
    // Optional: the API runs without the allocation feature and answers 503 on its resources.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile SettlementService settlement;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile SettlementLedger ledger;
    // Optional: the API answers without a store or an ingest bundle, and follows them when they come and go.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile transient TimeSeriesStore store;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile transient Quarantine quarantine;
    /** Optional: the hub runs without forecasting; /api/v1/forecasts then answers 503. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient LatestForecasts forecasts;
    /** Policy governance (with the allocation feature); optional, /api/v1/governance then answers 503. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile PolicyGovernance governance;
    private final transient Authenticator authenticator = new Authenticator();
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
    private record AuditCheck(AuditTrail trail, Instant at, AuditVerification result) {
    }

    private static final Duration AUDIT_CHECK_TTL = Duration.ofSeconds(10);

    @Activate
    public ApiServlet(BundleContext context, @Reference SampleBus bus, @Reference LatestValues latest,
                      @Reference PointRegistry points, @Reference TopologyProvider topology,
                      @Reference StrategyRegistry strategies, @Reference DeviceRegistry devices) {
        this.context = context;
        this.bus = bus;
        this.latest = latest;
        this.points = points;
        this.topology = topology;
        this.strategies = strategies;
        this.devices = devices;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        try {
            route(path, req, resp);
        } catch (SettlementException e) {
            LOG.warn("GET /api/v1{}: settlement ledger failed", path, e);
            write(resp, 500, error(500, e.getMessage()));
        } catch (ApiException e) {
            write(resp, e.status(), error(e.status(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("GET /api/v1{} failed", path, e);
            write(resp, 500, error(500, "internal error: " + e));
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        try {
            String[] seg = path.replaceAll("^/+|/+$", "").split("/");
            if (seg[0].equals("plans")) {
                write(resp, 200, Plans.confirm(loop, plans, seg, authenticator, req.getHeader("Authorization")));
                return;
            }
            if (seg[0].equals("governance")) {
                PolicyGovernance g = governance();
                Actor actor = authenticator.actor(req.getHeader("Authorization"));
                String text = new String(req.getInputStream().readNBytes(1 << 20), StandardCharsets.UTF_8);
                write(resp, seg.length == 2 ? 201 : 200, Governance.post(g, seg, text, actor, req::getParameter));
                return;
            }
            if (!path.replaceAll("/+$", "").equals("/allocations")) {
                throw new ApiException(404, "nothing to POST at /api/v1" + path + " (try /api/v1/allocations, "
                        + "/api/v1/governance/proposals or /api/v1/plans/{id}/confirm)");
            }
            if (req.getContentLengthLong() > Settlements.MAX_BODY) {
                throw new ApiException(413, "request body over " + (Settlements.MAX_BODY >> 20) + " MB");
            }
            String body = new String(req.getInputStream().readNBytes(Settlements.MAX_BODY + 1),
                    StandardCharsets.UTF_8);
            if (body.length() > Settlements.MAX_BODY) {
                throw new ApiException(413, "request body over " + (Settlements.MAX_BODY >> 20) + " MB");
            }
            write(resp, 201, Settlements.post(settlement(), ledger(), req.getContentType(), body,
                    req::getParameter));
        } catch (SettlementException e) {
            LOG.warn("POST /api/v1{}: settlement ledger failed", path, e);
            write(resp, 500, error(500, e.getMessage()));
        } catch (ApiException e) {
            if (e.status() == 401) {
                resp.setHeader("WWW-Authenticate", "Basic realm=\"gridhub\", charset=\"UTF-8\"");
            }
            write(resp, e.status(), error(e.status(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("POST /api/v1{} failed", path, e);
            write(resp, 500, error(500, "internal error: " + e));
        }
    }

    private SettlementService settlement() {
        SettlementService s = settlement;
        if (s == null) {
            throw new ApiException(503, "the settlement service is not running: it needs the feature "
                    + "gridhub-allocation, the store's settlement ledger and the policy governance (a broken "
                    + "governance audit log stops it; see data/log/karaf.log)");
        }
        return s;
    }

    private PolicyGovernance governance() {
        PolicyGovernance g = governance;
        if (g == null) {
            throw new ApiException(503, "policy governance is not installed (feature gridhub-allocation)");
        }
        return g;
    }

    private OperatingLoop loop() {
        OperatingLoop l = loop;
        if (l == null) {
            throw new ApiException(503, "the operating loop is not running (bundle io.gridhub.loop, feature "
                    + "gridhub-dispatch)");
        }
        return l;
    }

    private HubEvents events() {
        HubEvents e = events;
        if (e == null) {
            throw new ApiException(503, "no event log is running (feature gridhub-store)");
        }
        return e;
    }

    private AuditTrail audit() {
        AuditTrail a = audit;
        if (a == null) {
            throw new ApiException(503, "no audit trail is running (feature gridhub-store)");
        }
        return a;
    }

    /** The audit trail's check for health: at most {@link #AUDIT_CHECK_TTL} old; null without a trail. */
    private AuditVerification auditCheck() {
        AuditTrail a = audit;
        if (a == null) {
            return null;
        }
        AuditCheck c = auditCheck;
        Instant now = Instant.now();
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
        SettlementLedger l = ledger;
        if (l == null) {
            throw new ApiException(503, "no settlement ledger is installed (feature gridhub-allocation)");
        }
        return l;
    }

    private void route(String path, HttpServletRequest req, HttpServletResponse resp)
            throws IOException, SettlementException {
        String[] seg = path.replaceAll("^/+|/+$", "").split("/");
        switch (seg[0]) {
            case "health" -> {
                Health h = Health.of(context.getBundles(), context.getBundle().getVersion().toString(),
                        bus.published(), auditCheck());
                write(resp, h.up() ? 200 : 503, h);
            }
            case "points" -> points(seg, req, resp);
            case "quarantine" -> quarantine(req, resp);
            case "communities" -> write(resp, 200, Map.of("communities", topology.communities()));
            case "strategies" -> write(resp, 200, Map.of("strategies", strategies.strategies()));
            case "plans" -> write(resp, 200, Plans.get(loop, plans, seg));
            case "loop" -> write(resp, 200, Loop.get(loop(), seg));
            case "control" -> write(resp, 200, Control.get(loop(), seg));
            case "events" -> write(resp, 200, Events.get(events(), seg, req::getParameter));
            case "audit" -> {
                AuditTrail a = audit();
                if (seg.length == 2 && seg[1].equals("verify")) {
                    // The same check health uses: a fresh one, kept for health.
                    AuditVerification v = verify(a);
                    auditCheck = new AuditCheck(a, Instant.now(), v);
                    write(resp, 200, Audit.verification(v));
                } else {
                    write(resp, 200, Audit.get(a, seg, req::getParameter));
                }
            }
            case "devices" -> devices(seg, resp);
            case "allocations" -> write(resp, 200, seg.length == 1 ? Settlements.list(ledger())
                    : Settlements.get(ledger(), seg, req::getParameter));
            case "statements" -> {
                if (seg.length != 2) {
                    throw new ApiException(404, "try /api/v1/statements/{member}[?community=&period=&version=]");
                }
                write(resp, 200, Settlements.statement(ledger(), URLDecoder.decode(seg[1], StandardCharsets.UTF_8),
                        req::getParameter));
            }
            case "forecasts" -> forecasts(resp);
            case "governance" -> write(resp, 200, Governance.get(governance(), seg));
            default -> throw new ApiException(404, "no resource /api/v1" + path
                    + " (try /api/v1/health, /api/v1/points, /api/v1/communities, /api/v1/strategies, "
                    + "/api/v1/devices, /api/v1/allocations, /api/v1/statements/{member}, /api/v1/quarantine, "
                    + "/api/v1/forecasts, /api/v1/plans/latest, /api/v1/plans/{id}, /api/v1/loop, /api/v1/control, "
                    + "/api/v1/events, /api/v1/audit, /api/v1/audit/verify, /api/v1/governance/proposals)");
        }
    }

    private void points(String[] seg, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (seg.length == 1) {
            write(resp, 200, Map.of("points", points.points()));
            return;
        }
        PointId id = pointId(seg[1]);
        if (seg.length == 2) {
            write(resp, 200, points.point(id).orElseThrow(() -> new ApiException(404, "unknown point " + id)));
        } else if (seg.length == 3 && seg[2].equals("latest")) {
            Sample s = latest.latest(id).orElseThrow(() -> new ApiException(404, "no sample of point " + id
                    + " yet"));
            write(resp, 200, s);
        } else if (seg.length == 3 && seg[2].equals("samples")) {
            samples(id, req, resp);
        } else {
            throw new ApiException(404, "no resource under point " + id);
        }
    }

    /** Driver host devices: state with reason, and counters. */
    private void devices(String[] seg, HttpServletResponse resp) throws IOException {
        if (seg.length == 1) {
            write(resp, 200, Map.of("devices", devices.devices()));
        } else if (seg.length == 2) {
            String name = URLDecoder.decode(seg[1], StandardCharsets.UTF_8);
            write(resp, 200, devices.device(name).orElseThrow(() -> new ApiException(404, "unknown device " + name)));
        } else {
            throw new ApiException(404, "no resource under device " + seg[1]);
        }
    }

    /** Raw samples, or buckets when {@code step} is given, of {@code [from, to)} (default: the last hour). */
    private void samples(PointId id, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        TimeSeriesStore s = store;
        if (s == null) {
            throw new ApiException(503, "no time-series store is running");
        }
        Instant to = instant(req, "to", Instant.now());
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
                List<Sample> samples = s.range(id, from, to);
                if (samples.size() > MAX_RAW_SAMPLES) {
                    throw new ApiException(400, samples.size() + " samples of " + id + " in [" + from + ", " + to
                            + "), more than " + MAX_RAW_SAMPLES + ": ask for a shorter range or give a step");
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
        String v = req.getParameter(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(v.trim());
        } catch (DateTimeParseException e) {
            throw new ApiException(400, name + " must be an ISO-8601 instant such as 2026-01-01T00:00:00Z, got '"
                    + v + "'");
        }
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
            throw new ApiException(503, "no forecast runner is running: it needs the feature gridhub-forecast and "
                    + "the configuration io.gridhub.forecast.runner (see bundles/forecast-runner/README.md)");
        }
        List<Map<String, Object>> list = f.latest().stream().map(ApiServlet::forecast).toList();
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

    private static Map<String, Object> error(int status, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("error", message);
        return m;
    }

    private static void write(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        Json.MAPPER.writeValue(resp.getOutputStream(), body);
    }
}
