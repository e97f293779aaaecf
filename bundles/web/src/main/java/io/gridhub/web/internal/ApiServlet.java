package io.gridhub.web.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.gridhub.api.anomaly.AnomalyQueue;
import io.gridhub.api.audit.AuditTrail;
import io.gridhub.api.bus.LatestValues;
import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.dispatch.PlanStore;
import io.gridhub.api.drill.DrillService;
import io.gridhub.api.driver.DeviceRegistry;
import io.gridhub.api.ev.ChargingStations;
import io.gridhub.api.event.HubEvents;
import io.gridhub.api.forecast.LatestForecasts;
import io.gridhub.api.governance.PolicyGovernance;
import io.gridhub.api.ingest.Quarantine;
import io.gridhub.api.loop.OperatingLoop;
import io.gridhub.api.registry.PointRegistry;
import io.gridhub.api.registry.TopologyProvider;
import io.gridhub.api.settlement.SettlementException;
import io.gridhub.api.settlement.SettlementLedger;
import io.gridhub.api.settlement.SettlementService;
import io.gridhub.api.store.TimeSeriesStore;
import io.gridhub.api.strategy.ShadowComparator;
import io.gridhub.api.strategy.StrategyRegistry;
import io.gridhub.api.time.HubClock;
import io.gridhub.web.internal.Handlers.Handler;
import io.gridhub.web.internal.Routes.Match;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API under {@code /api/v1}: the hub's services ({@link Services}) for the resources (points, plans,
 * governance, …: one class each, registering the handlers of its routes in {@link Handlers}), and the dispatch of
 * a request to its route's handler as the access filter matched it in {@link Routes}, so a route without an entry
 * in the table (and thus without an access rule) cannot be served. Every answer is JSON (or an event stream);
 * every error an RFC 9457 problem ({@link Json#problem}).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/v1/*")
@HttpWhiteboardServletName("gridhub-api")
public final class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

    // Optional: the API runs without these features and answers 503 on their resources, following them as they
    // come and go.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile SettlementService settlement;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile SettlementLedger ledger;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile TimeSeriesStore store;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile Quarantine quarantine;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile LatestForecasts forecasts;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile PolicyGovernance governance;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile PlanStore plans;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile OperatingLoop loop;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile HubEvents events;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile AuditTrail audit;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile ChargingStations ev;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile AnomalyQueue anomalies;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile DrillService drills;

    /** Each role's shadow comparison, registered by the service that runs its shadow strategy. */
    @Reference(
            service = ShadowComparator.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    private transient volatile List<ShadowComparator> comparators = List.of();

    /** Where an uploaded strategy bundle goes: Karaf's deploy/ (FileInstall installs what appears there). */
    private transient volatile Path deployDir = Optional.ofNullable(System.getProperty("karaf.base"))
            .map(b -> Paths.get(b, "deploy"))
            .orElse(null);

    private final transient Map<String, Handler> handlers;
    private final transient EventStream stream;

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
        Services hub =
                new Services(context, bus, latest, points, topology, strategies, devices, tokens, clock, this::present);
        HealthChecks health = new HealthChecks(hub);
        this.stream = new EventStream(hub, EventStream.Settings.DEFAULT);
        Handlers h = new Handlers();
        health.register(h);
        Points.register(h, hub);
        Devices.register(h, hub);
        Strategies.register(h, hub, () -> deployDir, () -> comparators);
        Forecasts.register(h, hub);
        Members.register(h, hub);
        Settlements.register(h, hub);
        Quarantines.register(h, hub);
        Plans.register(h, hub);
        Loop.register(h, hub);
        Control.register(h, hub);
        Events.register(h, hub, stream);
        EvSessions.register(h, hub);
        Anomalies.register(h, hub);
        Audit.register(h, hub, health);
        Governance.register(h, hub);
        Drills.register(h, hub);
        Tokens.register(h, tokens);
        Backups.register(h, hub);
        OpenApi.register(h);
        this.handlers = h.table();
    }

    private Services.Present present() {
        return new Services.Present(
                settlement,
                ledger,
                store,
                quarantine,
                forecasts,
                governance,
                plans,
                loop,
                events,
                audit,
                ev,
                anomalies,
                drills);
    }

    /** Streams with other settings than the hub's (tests: a shorter heartbeat, a smaller queue). */
    ApiServlet streams(EventStream.Settings settings) {
        stream.settings(settings);
        return this;
    }

    /** Sets the time-series store as DS does in the hub (plain tests). */
    ApiServlet store(TimeSeriesStore timeSeries) {
        this.store = timeSeries;
        return this;
    }

    /** Sets the audit trail as DS does in the hub (plain tests). */
    ApiServlet audit(AuditTrail trail) {
        this.audit = trail;
        return this;
    }

    /** Sets where uploaded strategy bundles go (plain tests; the hub uses Karaf's deploy/). */
    ApiServlet deployDir(Path dir) {
        this.deployDir = dir;
        return this;
    }

    /** Sets the shadow comparators as DS does in the hub (plain tests). */
    ApiServlet comparators(List<ShadowComparator> list) {
        this.comparators = List.copyOf(list);
        return this;
    }

    /** Sets the event log as DS does in the hub (plain tests). */
    ApiServlet events(HubEvents log) {
        this.events = log;
        return this;
    }

    /** Sets the EV charging stations as DS does in the hub (plain tests). */
    ApiServlet ev(ChargingStations stations) {
        this.ev = stations;
        return this;
    }

    /** Sets the anomaly triage queue as DS does in the hub (plain tests). */
    ApiServlet anomalies(AnomalyQueue queue) {
        this.anomalies = queue;
        return this;
    }

    /** Sets the drill service as DS does in the hub (plain tests). */
    ApiServlet drills(DrillService service) {
        this.drills = service;
        return this;
    }

    /** Sets the operating loop as DS does in the hub (plain tests). */
    ApiServlet loop(OperatingLoop operatingLoop) {
        this.loop = operatingLoop;
        return this;
    }

    /** Sets the policy governance as DS does in the hub (plain tests). */
    ApiServlet governance(PolicyGovernance policies) {
        this.governance = policies;
        return this;
    }

    /** Ends the open event streams: the API goes away. */
    @Deactivate
    void deactivate() {
        stream.close();
    }

    @Override
    public void destroy() {
        stream.close();
        super.destroy();
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
            Json.problem(req, resp, 503, "the access filter is not active yet: try again");
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
            Json.problem(req, resp, 500, e.getMessage());
        } catch (JsonProcessingException e) {
            Json.problem(req, resp, 400, "request body: not JSON: " + e.getOriginalMessage());
        } catch (ApiException e) {
            Json.problem(req, resp, e.status(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("{} failed", what, e);
            Json.problem(req, resp, 500, "internal error: " + e);
        }
    }
}
