package io.gridhub.web.internal;

import io.gridhub.api.bus.LatestValues;
import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.forecast.LatestForecasts;
import io.gridhub.api.forecast.PublishedForecast;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import io.gridhub.api.registry.PointRegistry;
import io.gridhub.api.registry.TopologyProvider;
import io.gridhub.api.strategy.StrategyRegistry;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
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
    /** Optional: the hub runs without forecasting; /api/v1/forecasts then answers 503. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient LatestForecasts forecasts;

    @Activate
    public ApiServlet(BundleContext context, @Reference SampleBus bus, @Reference LatestValues latest,
                      @Reference PointRegistry points, @Reference TopologyProvider topology,
                      @Reference StrategyRegistry strategies) {
        this.context = context;
        this.bus = bus;
        this.latest = latest;
        this.points = points;
        this.topology = topology;
        this.strategies = strategies;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        try {
            route(path, resp);
        } catch (ApiException e) {
            write(resp, e.status(), error(e.status(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("GET /api/v1{} failed", path, e);
            write(resp, 500, error(500, "internal error: " + e));
        }
    }

    private void route(String path, HttpServletResponse resp) throws IOException {
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
            case "forecasts" -> forecasts(resp);
            default -> throw new ApiException(404, "no resource /api/v1" + path
                    + " (try /api/v1/health, /api/v1/points, /api/v1/communities, /api/v1/strategies,"
                    + " /api/v1/forecasts)");
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
