package io.gridhub.web.internal;

import io.gridhub.api.bus.LatestValues;
import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.dispatch.PlanStore;
import io.gridhub.api.driver.DeviceRegistry;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import io.gridhub.api.registry.PointRegistry;
import io.gridhub.api.registry.TopologyProvider;
import io.gridhub.api.settlement.SettlementException;
import io.gridhub.api.settlement.SettlementLedger;
import io.gridhub.api.settlement.SettlementService;
import io.gridhub.api.strategy.StrategyRegistry;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
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
    /** The dispatch loop's plans; optional, the API works without the dispatch feature. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile PlanStore plans;

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
            if (!path.replaceAll("/+$", "").equals("/allocations")) {
                throw new ApiException(404, "nothing to POST at /api/v1" + path + " (try /api/v1/allocations)");
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
            write(resp, e.status(), error(e.status(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("POST /api/v1{} failed", path, e);
            write(resp, 500, error(500, "internal error: " + e));
        }
    }

    private SettlementService settlement() {
        SettlementService s = settlement;
        if (s == null) {
            throw new ApiException(503, "allocation is not installed (feature gridhub-allocation)");
        }
        return s;
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
                        bus.published());
                write(resp, h.up() ? 200 : 503, h);
            }
            case "points" -> points(seg, resp);
            case "communities" -> write(resp, 200, Map.of("communities", topology.communities()));
            case "strategies" -> write(resp, 200, Map.of("strategies", strategies.strategies()));
            case "plans" -> plans(seg, resp);
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
            default -> throw new ApiException(404, "no resource /api/v1" + path
                    + " (try /api/v1/health, /api/v1/points, /api/v1/communities, /api/v1/strategies, "
                    + "/api/v1/devices, /api/v1/allocations, /api/v1/statements/{member}, /api/v1/plans/latest)");
        }
    }

    private void points(String[] seg, HttpServletResponse resp) throws IOException {
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

    /** {@code /plans/latest} (any community) and {@code /plans/latest/<community>}. */
    private void plans(String[] seg, HttpServletResponse resp) throws IOException {
        PlanStore store = plans;
        if (seg.length < 2 || !seg[1].equals("latest") || seg.length > 3) {
            throw new ApiException(404, "no such plan resource (try /api/v1/plans/latest)");
        }
        if (store == null) {
            throw new ApiException(404, "no plan: the dispatch loop is not running");
        }
        var plan = seg.length == 3 ? store.latest(seg[2]) : store.latest();
        write(resp, 200, plan.orElseThrow(() -> new ApiException(404, "no plan made yet"
                + (seg.length == 3 ? " for community " + seg[2] : "") + " (the first comes shortly after start)")));
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
