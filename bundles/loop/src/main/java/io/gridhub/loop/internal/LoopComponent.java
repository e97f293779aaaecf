package io.gridhub.loop.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridhub.api.audit.AuditException;
import io.gridhub.api.audit.AuditTrail;
import io.gridhub.api.bus.LatestValues;
import io.gridhub.api.concurrent.Daemons;
import io.gridhub.api.dispatch.AssetParameters;
import io.gridhub.api.dispatch.Dispatcher;
import io.gridhub.api.dispatch.PlanStore;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.driver.PointWriter;
import io.gridhub.api.ev.ChargingStations;
import io.gridhub.api.ev.EvSession;
import io.gridhub.api.ev.EvSessionListener;
import io.gridhub.api.event.HubEvents;
import io.gridhub.api.forecast.Forecaster;
import io.gridhub.api.forecast.GeoLocation;
import io.gridhub.api.forecast.LatestForecasts;
import io.gridhub.api.governance.PolicyGovernance;
import io.gridhub.api.governance.PolicyProposal;
import io.gridhub.api.loop.ControlAuthority;
import io.gridhub.api.loop.ControlMode;
import io.gridhub.api.loop.LoopException;
import io.gridhub.api.loop.LoopStage;
import io.gridhub.api.loop.OperatingLoop;
import io.gridhub.api.loop.PlanApproval;
import io.gridhub.api.loop.PlanPerformance;
import io.gridhub.api.loop.PlanStatus;
import io.gridhub.api.loop.SessionSource;
import io.gridhub.api.loop.StageListener;
import io.gridhub.api.loop.StageOutcome;
import io.gridhub.api.loop.StageRun;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Plan;
import io.gridhub.api.model.PointId;
import io.gridhub.api.registry.TopologyProvider;
import io.gridhub.api.settlement.SettlementLedger;
import io.gridhub.api.settlement.SettlementService;
import io.gridhub.api.store.StoreException;
import io.gridhub.api.store.TimeSeriesStore;
import io.gridhub.api.strategy.ShadowComparator;
import io.gridhub.api.strategy.StrategyGuard;
import io.gridhub.api.strategy.StrategyRegistry;
import io.gridhub.api.strategy.StrategyRole;
import io.gridhub.api.time.HubClock;
import io.gridhub.dispatch.common.BatteryReserve;
import io.gridhub.loop.internal.settle.AllocationComparator;
import io.gridhub.loop.internal.settle.AllocationStrategies;
import io.gridhub.loop.internal.settle.DailySettlement;
import io.gridhub.loop.internal.settle.ShadowStatements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The operating loop. Every period, for each community: Sense (latest measurements, feeder flows), Forecast (per
 * asset), Optimize (the active dispatch strategy on real inputs; the rule-based fallback when it fails), Govern
 * (the control mode in force: a governed policy, else the configured default), and Measure (planned against
 * measured). Execute runs on its own thread every few seconds, so that setpoints follow the plan's steps and
 * device watchdogs see a heartbeat; Settle runs once a day.
 */
@Component(
        service = {OperatingLoop.class, PlanStore.class},
        immediate = true,
        configurationPid = LoopComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = LoopComponent.Config.class)
public final class LoopComponent implements OperatingLoop, PlanStore {
    static final String PID = "io.gridhub.loop";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KEEP_PLANS = 96;
    /** The governed dispatch policy of a community is {@code dispatch-policy-<community>} (docs/security.md). */
    static final String DISPATCH_POLICY_PREFIX = "dispatch-policy-";

    @ObjectClassDefinition(
            name = "gridhub operating loop",
            description = "Sense, forecast, optimize, govern, execute, measure each community; settle daily")
    public @interface Config {
        @AttributeDefinition(description = "Run the loop on a schedule at all")
        boolean enabled() default true;

        @AttributeDefinition(description = "Seconds between cycles (a new plan each cycle)")
        long periodSeconds() default 900;

        @AttributeDefinition(description = "Seconds after start before the first cycle")
        long initialDelaySeconds() default 20;

        @AttributeDefinition(description = "Seconds between Execute ticks (setpoints, heartbeats, read-back)")
        int executeSeconds() default 5;

        @AttributeDefinition(description = "Plan step in minutes")
        int stepMinutes() default 30;

        @AttributeDefinition(description = "Plan horizon in hours")
        int horizonHours() default 24;

        @AttributeDefinition(description = "Solver time limit in seconds")
        int timeLimitSeconds() default 20;

        @AttributeDefinition(
                description = "Seconds of wall time a dispatch or allocation strategy may take for one plan or "
                        + "settlement; one that takes longer is quarantined (as one that throws or returns invalid "
                        + "output) and the version before it plans")
        int strategyBudgetSeconds() default 60;

        @AttributeDefinition(description = "Time zone of the communities (local hours of tariffs, settlement days)")
        String timeZone() default "UTC";

        @AttributeDefinition(description = "Latitude of the community (PV forecasts), degrees")
        double latitude() default 0;

        @AttributeDefinition(description = "Longitude of the community (PV forecasts), degrees")
        double longitude() default 0;

        @AttributeDefinition(description = "Point of the day-ahead price in EUR/kWh; {community} is replaced")
        String pricePoint() default "{community}.market.price_da";

        @AttributeDefinition(description = "Days of stored prices a price forecast learns from")
        int priceHistoryDays() default 14;

        @AttributeDefinition(
                required = false,
                description = "Tariff file: CSV hour,importEurPerKWh,exportEurPerKWh "
                        + "for steps without a known or forecast day-ahead price (empty: flat 0.30/0.08 EUR/kWh)")
        String pricesFile() default "";

        @AttributeDefinition(description = "EUR/kWh added to the day-ahead price for import (grid fees, levies, tax)")
        double importAdderEurPerKWh() default 0;

        @AttributeDefinition(description = "EUR/kWh added to the day-ahead price for export (negative: a fee)")
        double exportAdderEurPerKWh() default 0;

        @AttributeDefinition(description = "Peak-demand charge, EUR per kW of the highest import over the horizon")
        double peakChargeEurPerKw() default 0;

        @AttributeDefinition(description = "Import limit of the community's connection, W (0: none)")
        double connectionImportLimitW() default 0;

        @AttributeDefinition(description = "Export limit of the community's connection, W (0: none)")
        double connectionExportLimitW() default 0;

        @AttributeDefinition(required = false, description = "Feeder of each shared asset: asset=feeder")
        String[] sharedAssetFeeders() default {};

        @AttributeDefinition(
                description = "Control mode when no governed policy is in force: advisory or "
                        + "supervised (autonomous needs an approved control-authority policy)")
        String defaultMode() default "advisory";

        @AttributeDefinition(
                required = false,
                description = "Per-asset limits of the mode: asset=advisory|supervised"
                        + "|autonomous (an asset never runs above its community's mode)")
        String[] assetModes() default {};

        @AttributeDefinition(description = "Seconds a supervised plan waits for confirmation before it expires")
        int confirmSeconds() default 900;

        @AttributeDefinition(description = "Seconds a device write may take")
        int writeTimeoutSeconds() default 10;

        @AttributeDefinition(description = "Writes of one value before the asset goes to its safe state")
        int maxAttempts() default 3;

        @AttributeDefinition(
                description =
                        "Seconds after which a setpoint is written again when its device has no " + "heartbeat point")
        int refreshSeconds() default 30;

        @AttributeDefinition(description = "Seconds a written setpoint may take to read back")
        int confirmTimeoutSeconds() default 30;

        @AttributeDefinition(description = "Ramp limit, share of the rating per second")
        double rampFractionPerSecond() default 0.1;

        @AttributeDefinition(description = "Lowest state of charge a battery may discharge to, %")
        double socMinPercent() default 10;

        @AttributeDefinition(description = "Highest state of charge a battery may charge to, %")
        double socMaxPercent() default 95;

        @AttributeDefinition(
                description = "Hours over which the flow measured beyond the forecast on a feeder fades from all of"
                        + " it now to none in the plan")
        double unexplainedFlowFadeHours() default 2;

        @AttributeDefinition(
                description = "Seconds of wall time after which a measurement is too old to act on (in accelerated"
                        + " time that many wall seconds: devices are polled on the wall clock)")
        int maxAgeSeconds() default 300;

        @AttributeDefinition(
                description = "Days of an asset's own history before it gets its own forecast (0: "
                        + "always the community's forecast)")
        int memberForecastMinDays() default 14;

        @AttributeDefinition(description = "Days of history kept for the assets' own forecasts")
        int historyDays() default 28;

        @AttributeDefinition(
                description = "Local times (HH:mm) by which flexible loads (hot water) must have received the energy "
                        + "their devices report as needed: a plan runs them until the next one at least "
                        + "a step ahead")
        String[] flexibleLoadReadyBy() default {"07:00", "17:00"};

        @AttributeDefinition(description = "Local time of day at which the previous day is settled (HH:mm)")
        String settleAt() default "01:30";

        @AttributeDefinition(
                description = "Governed allocation policy that settles a community; {community} is " + "replaced")
        String settlementPolicy() default DailySettlement.Settings.DEFAULT_POLICY;

        @AttributeDefinition(required = false, description = "Allocation method (empty: the policy's own)")
        String settlementMethod() default "";

        @AttributeDefinition(description = "Settlement interval in minutes when the policy names none")
        int settlementIntervalMinutes() default 30;

        @AttributeDefinition(description = "Flat import price of the settlement, EUR/kWh")
        double settlementImportPrice() default 0.30;

        @AttributeDefinition(description = "Flat export price of the settlement, EUR/kWh")
        double settlementExportPrice() default 0.08;

        @AttributeDefinition(description = "Days back in which provisional or changed days are settled again")
        int settlementLookbackDays() default 7;
    }

    private final TopologyProvider topology;
    private final StrategyRegistry strategies;
    private final LatestValues latest;
    private final Config config;
    private final Clock clock;
    private final StageBook book;
    private final ForecastStage forecastStage;
    private final PriceStage priceStage;
    private final ScenarioBuilder.Contract contract;
    private final FlexibleLoads flexibleLoads;
    private final SetpointExecutor.Policy writePolicy;
    /** How long an operator has to confirm a supervised plan, in hub time. */
    private final Duration confirmWindow;
    /** How old a measurement may be to act on, in hub time (maxAgeSeconds of wall time). */
    private final Duration maxAge;

    private final Envelope envelope;
    private final ZoneId zone;
    private final Map<String, Deque<PlanRecord>> plans = new ConcurrentHashMap<>();
    private final Map<String, SetpointExecutor> executors = new ConcurrentHashMap<>();
    /** The scenario of each community's last Optimize, before the reserve: what drills run on. */
    private final Map<String, Scenario> scenarios = new ConcurrentHashMap<>();

    private final Map<String, Long> cycles = new ConcurrentHashMap<>();
    private final List<Dispatcher> dispatchers = new CopyOnWriteArrayList<>();
    /** The dispatchers registered with {@link Dispatcher#FALLBACK_PROPERTY}: where a failed plan falls back to. */
    private final Set<Dispatcher> fallbacks = ConcurrentHashMap.newKeySet();

    private final List<SessionSource> sessions = new CopyOnWriteArrayList<>();
    private final EvCharging evCharging;
    /** A re-plan asked for by a new EV session waits on the planner (many sessions starting at once: one re-plan). */
    private final AtomicBoolean replanPending = new AtomicBoolean();
    /**
     * Whether the first scheduled cycle has begun: before it (the initial delay, while the hub's services come up)
     * a starting EV session asks for no re-plan, which would plan without the audit trail, governance and fresh
     * meters and leave that plan unexecuted until the first Execute tick; the first cycle serves it.
     */
    private final AtomicBoolean firstCycleBegun = new AtomicBoolean();

    private final ScheduledExecutorService planner;
    private final ScheduledExecutorService executor;
    /** Trains the assets' own forecast models, at low priority, off the cycle. */
    private final ExecutorService trainer = Executors.newSingleThreadExecutor(r -> {
        Thread t = Daemons.thread("gridhub-loop-forecast", r);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });

    private final String priceProblem;
    /** The guard rails of the dispatch and allocation strategies. */
    private final StrategyGuard guard;

    private final ShadowPlans shadowPlans = new ShadowPlans();
    private final DispatchStrategies dispatch;
    private final DispatchComparator dispatchComparator;
    private final ShadowStatements shadowStatements = new ShadowStatements();
    private final AllocationStrategies allocators;
    private final AllocationComparator allocationComparator;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private volatile PlanRecord newest;
    private volatile Settler settler;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile LatestForecasts forecasts;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TimeSeriesStore store;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PointWriter writer;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AuditTrail audit;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile HubEvents events;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PolicyGovernance governance;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SettlementService settlement;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SettlementLedger ledger;

    /** The EV charge points (an OCPP central system): their sessions are planned, the plans sent as profiles. */
    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ChargingStations stations;

    /**
     * Runs on the hub's time: plans, steps, the daily settlement and the stage records use it, and a cycle comes
     * every {@code periodSeconds} of it; the Execute tick (device writes and heartbeats) stays on the wall clock.
     */
    @Activate
    public LoopComponent(
            @Reference TopologyProvider topology,
            @Reference StrategyRegistry strategies,
            @Reference LatestValues latest,
            @Reference HubClock time,
            Config config,
            BundleContext context) {
        this(topology, strategies, latest, config, time.clock(), time, true);
        // The shadow comparisons are a whiteboard the strategy REST resource reads.
        registrations.add(context.registerService(ShadowComparator.class, dispatchComparator, null));
        registrations.add(context.registerService(ShadowComparator.class, allocationComparator, null));
        registrations.add(context.registerService(EvSessionListener.class, sessionListener(), null));
    }

    /**
     * Outside OSGi: tests and the loop benchmark (bench/loop) build it with their clock and, with {@code schedule}
     * false, run {@link #cycle} and {@link #execute} themselves; {@link #with} binds the services SCR would set.
     */
    public static LoopComponent outside(
            TopologyProvider topology,
            StrategyRegistry strategies,
            LatestValues latest,
            Config config,
            Clock clock,
            boolean schedule) {
        return new LoopComponent(topology, strategies, latest, config, clock, HubClock.system(), schedule);
    }

    /** Outside OSGi on a hub clock of its own (accelerated time in a test). */
    public static LoopComponent outside(
            TopologyProvider topology,
            StrategyRegistry strategies,
            LatestValues latest,
            Config config,
            HubClock time,
            boolean schedule) {
        return new LoopComponent(topology, strategies, latest, config, time.clock(), time, schedule);
    }

    private LoopComponent(
            TopologyProvider topology,
            StrategyRegistry strategies,
            LatestValues latest,
            Config config,
            Clock clock,
            HubClock time,
            boolean schedule) {
        this.topology = topology;
        this.strategies = strategies;
        this.latest = latest;
        this.config = config;
        this.clock = clock;
        this.zone = ZoneId.of(config.timeZone());
        this.book = new StageBook(clock);
        Duration step = Duration.ofMinutes(config.stepMinutes());
        this.forecastStage = new ForecastStage(
                new History(step, Duration.ofDays(Math.max(1, config.historyDays()))),
                new ForecastStage.Settings(
                        config.memberForecastMinDays(),
                        zone,
                        new GeoLocation(config.latitude(), config.longitude(), zone),
                        Duration.ofHours(6)),
                trainer);
        DayPrices fallback = DayPrices.FLAT;
        String problem = "";
        if (config.pricesFile() != null && !config.pricesFile().isBlank()) {
            Path p = Path.of(config.pricesFile());
            try {
                fallback = Files.exists(p) ? DayPrices.read(p) : DayPrices.FLAT;
                problem = Files.exists(p) ? "" : "; no tariff file " + p + ": flat 0.30/0.08 EUR/kWh";
            } catch (IOException e) {
                problem = "; tariff file unreadable (" + e.getMessage() + "): flat 0.30/0.08 EUR/kWh";
            }
        }
        this.priceProblem = problem;
        this.priceStage = new PriceStage(new PriceStage.Tariff(
                fallback,
                config.importAdderEurPerKWh(),
                config.exportAdderEurPerKWh(),
                zone,
                config.priceHistoryDays()));
        this.contract = new ScenarioBuilder.Contract(
                config.connectionImportLimitW(),
                config.connectionExportLimitW(),
                config.peakChargeEurPerKw(),
                Duration.ofSeconds(config.timeLimitSeconds()),
                config.socMinPercent() / 100,
                config.socMaxPercent() / 100,
                pairs(config.sharedAssetFeeders()),
                Duration.ofMillis(Math.round(Math.max(0, config.unexplainedFlowFadeHours()) * 3_600_000)));
        this.flexibleLoads = new FlexibleLoads(FlexibleLoads.readyBy(config.flexibleLoadReadyBy()), zone);
        Map<String, ControlMode> modes = new HashMap<>();
        pairs(config.assetModes()).forEach((k, v) -> modes.put(k, ControlMode.parse(v)));
        // The executor measures on the hub's clock; how long a device may take to read back, when a setpoint is
        // written again for a device's watchdog and how long people have to confirm are wall time, so in
        // accelerated time they are that many seconds of wall time, speed times as much hub time.
        this.writePolicy = new SetpointExecutor.Policy(
                Duration.ofSeconds(Math.max(1, config.executeSeconds())),
                Duration.ofSeconds(config.writeTimeoutSeconds()),
                Math.max(1, config.maxAttempts()),
                time.hub(Duration.ofSeconds(config.refreshSeconds())),
                time.hub(Duration.ofSeconds(config.confirmTimeoutSeconds())),
                modes);
        this.confirmWindow = time.hub(Duration.ofSeconds(config.confirmSeconds()));
        this.maxAge = time.hub(Duration.ofSeconds(config.maxAgeSeconds()));
        this.envelope = new Envelope(
                new Envelope.Settings(config.rampFractionPerSecond(), config.socMinPercent(), config.socMaxPercent()));
        this.guard = new StrategyGuard(
                Duration.ofSeconds(Math.max(1, config.strategyBudgetSeconds())), "gridhub-loop-strategy");
        this.dispatch = new DispatchStrategies(strategies, guard, envelope, shadowPlans);
        this.dispatchComparator = new DispatchComparator(strategies, shadowPlans, () -> store, clock);
        this.allocators = new AllocationStrategies(strategies, guard, shadowStatements);
        this.allocationComparator = new AllocationComparator(strategies, shadowStatements);
        this.evCharging = new EvCharging(clock, time.hub(Duration.ofSeconds(config.refreshSeconds())));
        this.planner = Daemons.scheduler("gridhub-loop-plan");
        this.executor = Daemons.scheduler("gridhub-loop-execute");
        // Without a schedule (tests, benchmarks) the caller runs the cycles: a session re-plans at once.
        firstCycleBegun.set(!(schedule && config.enabled()));
        if (schedule && config.enabled()) {
            // First runs a wall-clock delay after the start (the hub's services come up in wall time); cycles,
            // the settlement's and the measurement's checks every so much hub time, at least every second.
            long start = TimeUnit.SECONDS.toMillis(config.initialDelaySeconds());
            long minute = Math.max(1000, time.wall(Duration.ofMinutes(1)).toMillis());
            planner.scheduleWithFixedDelay(
                    () -> {
                        firstCycleBegun.set(true);
                        cycleAll();
                    },
                    start,
                    time.wall(Duration.ofSeconds(Math.max(1, config.periodSeconds())))
                            .toMillis(),
                    TimeUnit.MILLISECONDS);
            executor.scheduleWithFixedDelay(
                    this::executeAll,
                    config.initialDelaySeconds(),
                    Math.max(1, config.executeSeconds()),
                    TimeUnit.SECONDS);
            planner.scheduleWithFixedDelay(this::settleIfDue, minute, minute, TimeUnit.MILLISECONDS);
            planner.scheduleWithFixedDelay(this::measureAll, start + minute, minute, TimeUnit.MILLISECONDS);
        }
    }

    static Map<String, String> pairs(String[] lines) {
        Map<String, String> m = new HashMap<>();
        for (String l : lines == null ? new String[0] : lines) {
            for (String part : l.split(",")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    m.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
                } else if (!part.isBlank()) {
                    throw new IllegalArgumentException("expected name=value, got '" + part.trim() + "'");
                }
            }
        }
        return m;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addDispatcher(Dispatcher d, Map<String, Object> properties) {
        if (Boolean.parseBoolean(String.valueOf(properties.get(Dispatcher.FALLBACK_PROPERTY)))) {
            fallbacks.add(d);
        }
        dispatchers.add(d);
    }

    void removeDispatcher(Dispatcher d) {
        dispatchers.remove(d);
        fallbacks.remove(d);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSessionSource(SessionSource s) {
        sessions.add(s);
    }

    void removeSessionSource(SessionSource s) {
        sessions.remove(s);
    }

    /** Every stage run goes to each {@link StageListener} as it ends (the metrics bundle counts them). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addStageListener(StageListener l) {
        book.addListener(l);
    }

    void removeStageListener(StageListener l) {
        book.removeListener(l);
    }

    /** Sets the optional services as DS does in the hub (plain tests and benchmarks); null leaves one unset. */
    public LoopComponent with(
            PointWriter writer,
            AuditTrail audit,
            HubEvents events,
            PolicyGovernance governance,
            TimeSeriesStore store,
            LatestForecasts forecasts) {
        this.writer = writer;
        this.audit = audit;
        this.events = events;
        this.governance = governance;
        this.store = store;
        this.forecasts = forecasts;
        return this;
    }

    /** Sets the EV charge points as DS does in the hub (plain tests); null leaves none. */
    LoopComponent withStations(ChargingStations s) {
        this.stations = s;
        return this;
    }

    /**
     * Hears of new EV sessions (a service in the hub): a session that starts asks for a re-plan of every community
     * at once, so that its first charging profile goes out within seconds rather than at the next cycle. Starts
     * that come while a re-plan waits are served by it, and so are those before the first scheduled cycle (the
     * sessions a hub finds as it starts): that cycle comes at the initial delay, with the hub's services up.
     */
    EvSessionListener sessionListener() {
        return new EvSessionListener() {
            @Override
            public void sessionStarted(EvSession session) {
                if (!firstCycleBegun.get() || !replanPending.compareAndSet(false, true)) {
                    return;
                }
                try {
                    planner.execute(() -> {
                        replanPending.set(false);
                        cycleAll();
                    });
                } catch (RejectedExecutionException e) {
                    replanPending.set(false);
                }
            }
        };
    }

    /** The daily settlement, when the loop runs with one (set by whoever wires it; tests and the component). */
    void settler(Settler s) {
        this.settler = s;
    }

    /** What the daily Settle stage needs from a settlement implementation. */
    interface Settler {
        List<StageRun> settle(Community community, LocalDate day, long cycle);
    }

    @Deactivate
    public void deactivate() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        guard.close();
        trainer.shutdownNow();
        planner.shutdownNow();
        executor.shutdownNow();
    }

    // ---- the cycle ----

    private void cycleAll() {
        for (Community c : topology.communities()) {
            try {
                if (cycle(c).isPresent() && !executor.isShutdown()) {
                    // A new plan is executed at once, not at the next Execute tick: at high demo speeds a plan could
                    // otherwise be replaced before any tick saw it.
                    executor.execute(() -> executeGuarded(c));
                }
            } catch (RejectedExecutionException e) {
                // deactivated meanwhile
            } catch (RuntimeException e) {
                book.failed(c.id(), LoopStage.OPTIMIZE, cycles.getOrDefault(c.id(), 0L), "the cycle failed: " + e);
            }
        }
    }

    /** One cycle of a community: Sense → Forecast → Optimize → Govern → Measure. Returns the new plan, if any. */
    public Optional<PlanRecord> cycle(Community c) {
        long n = cycles.merge(c.id(), 1L, Long::sum);
        Topo topo = Topo.of(c, contract.sharedAssetFeeders());
        Instant now = clock.instant();
        Duration step = Duration.ofMinutes(config.stepMinutes());
        int steps = config.horizonHours() * 60 / config.stepMinutes();
        Instant start = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), step.toMillis()) * step.toMillis());

        StageBook.Timer t = book.start(c.id(), LoopStage.SENSE, n);
        Snapshot snap = Snapshot.sense(topo, latest, now, maxAge);
        t.done(
                snap.meters() > 0 && snap.freshMeters() < snap.meters() ? StageOutcome.DEGRADED : StageOutcome.OK,
                snap.freshMeters() + " of " + snap.meters() + " meters fresh, "
                        + snap.values().size() + " values, " + snap.stale() + " stale or not good; feeder flows "
                        + flows(snap));

        t = book.start(c.id(), LoopStage.FORECAST, n);
        Optional<Forecaster> forecaster = strategies.active(StrategyRole.FORECAST, Forecaster.class);
        LatestForecasts lf = forecasts;
        ForecastStage.Result fr = forecastStage.run(
                topo,
                snap,
                start,
                step,
                steps,
                lf == null ? List.of() : lf.latest(),
                forecaster,
                Optional.ofNullable(store));
        PriceStage.Result pr = priceStage.run(
                PointId.of(config.pricePoint().replace("{community}", c.id())),
                start,
                step,
                steps,
                Optional.ofNullable(store),
                forecaster);
        t.done(
                fr.outcome() == StageOutcome.OK && pr.tariff() == 0 ? StageOutcome.OK : StageOutcome.DEGRADED,
                fr.reason() + "; prices: " + pr.reason() + priceProblem,
                fr.strategy(),
                fr.version());

        t = book.start(c.id(), LoopStage.OPTIMIZE, n);
        List<AssetParameters> sess = new ArrayList<>();
        List<String> sourceFailures = new ArrayList<>();
        for (SessionSource s : sessions) {
            List<AssetParameters> mine;
            try {
                mine = new ArrayList<>(s.sessions(c.id(), start, start.plus(step.multipliedBy(steps))));
            } catch (RuntimeException e) {
                // One source's failure must not stop planning: its sessions are left out and the reason says so.
                sourceFailures.add("session source " + s.getClass().getSimpleName() + " failed, its sessions are "
                        + "left out: " + e);
                continue;
            }
            sess.addAll(mine);
        }
        int fromSources = sess.size();
        EvCharging.Planned evs = EvCharging.sessions(Optional.ofNullable(stations), topo, now, start, step);
        sess.addAll(evs.sessions());
        FlexibleLoads.Result flex = flexibleLoads.sessions(
                topo,
                snap,
                start,
                step,
                steps,
                sess.stream().map(AssetParameters::assetId).collect(Collectors.toSet()));
        sess.addAll(flex.sessions());
        Plan plan;
        String strategy;
        String version;
        StageOutcome outcome;
        String reason;
        try {
            ScenarioBuilder.Result sr =
                    ScenarioBuilder.build(topo, snap, start, step, steps, fr.perAsset(), pr, sess, contract);
            // Drills see the whole store; the plan holds the governed reserve for an outage.
            scenarios.put(c.id(), sr.scenario());
            BatteryReserve.Held held = BatteryReserve.hold(sr.scenario(), batteryReserveWh(c.id(), now));
            DispatchStrategies.Planned planned = dispatch.plan(held.scenario(), topo, this::fallback);
            String failure = planned.failures().isEmpty()
                    ? null
                    : String.join("; ", planned.failures())
                            + (planned.fallback()
                                    ? "; the fallback planned"
                                    : "; " + StrategyGuard.label(planned.by()) + " planned");
            plan = planned.plan();
            strategy = planned.by().name();
            version = planned.by().version();
            String shadow = dispatch.shadow(held.scenario(), topo, planned, now);
            outcome = failure == null && sourceFailures.isEmpty() && shadow.isEmpty()
                    ? StageOutcome.OK
                    : StageOutcome.DEGRADED;
            List<String> parts = new ArrayList<>(sr.notes());
            parts.addAll(held.notes());
            if (!shadow.isEmpty()) {
                parts.add(shadow);
            }
            if (fromSources > 0) {
                parts.add(fromSources + " sessions from session sources");
            }
            if (!evs.note().isEmpty()) {
                parts.add(evs.note());
            }
            if (!flex.reason().isEmpty()) {
                parts.add(flex.reason());
            }
            parts.addAll(sourceFailures);
            reason = (failure == null ? "" : failure + ": ")
                    + plan.explanation().summary()
                    + (parts.isEmpty() ? "" : "; " + String.join("; ", parts));
        } catch (RuntimeException e) {
            t.done(StageOutcome.FAILED, "no plan: " + e);
            return Optional.empty();
        }
        t.done(outcome, reason, strategy, version, plan.solveTime());

        t = book.start(c.id(), LoopStage.GOVERN, n);
        ControlAuthority auth = authority(c.id());
        PlanRecord rec = new PlanRecord(plan, c.id(), pr.importPrice(), pr.exportPrice(), now.plus(confirmWindow));
        Deque<PlanRecord> list = plans.computeIfAbsent(c.id(), k -> new ConcurrentLinkedDeque<>());
        list.addFirst(rec);
        while (list.size() > KEEP_PLANS) {
            list.removeLast();
        }
        newest = rec;
        PlanApproval approval = rec.approval(auth.mode(), now);
        t.done(
                approval == PlanApproval.ADVISORY ? StageOutcome.SKIPPED : StageOutcome.OK,
                switch (approval) {
                            case NOT_NEEDED -> "autonomous: plan " + plan.id() + " is executed without confirmation";
                            case PENDING ->
                                "supervised: plan " + plan.id() + " waits for an operator's confirmation until "
                                        + rec.expiresAt;
                            default -> "advisory: plan " + plan.id() + " is not executed";
                        }
                        + " (mode from " + auth.source() + ")",
                "",
                "");

        measure(c, n);
        return Optional.of(rec);
    }

    private String flows(Snapshot s) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(s.feederFlowW()).forEach((k, v) -> parts.add(k + " " + Math.round(v) + " W"));
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    /** The fallback, neither one of the dispatchers that failed now nor one quarantined before. */
    private Dispatcher fallback(Set<Dispatcher> failed) {
        Set<String> quarantined = StrategyGuard.quarantined(strategies, StrategyRole.DISPATCH);
        List<Dispatcher> left = dispatchers.stream()
                .filter(d -> !failed.contains(d) && !quarantined.contains(StrategyGuard.label(d)))
                .toList();
        return fallback(left, fallbacks, null);
    }

    /** The comparison of the dispatch shadow with the active dispatcher (registered as a service in the hub). */
    ShadowComparator dispatchComparator() {
        return dispatchComparator;
    }

    /** The comparison of the allocation shadow with the active allocator (registered as a service in the hub). */
    ShadowComparator allocationComparator() {
        return allocationComparator;
    }

    /**
     * The dispatcher to plan with when {@code failed} (nullable: none active) did not: one marked with
     * {@link Dispatcher#FALLBACK_PROPERTY} (the rule strategy, which needs no solver), else any other deployed one.
     */
    static Dispatcher fallback(List<Dispatcher> deployed, Set<Dispatcher> marked, Dispatcher failed) {
        return deployed.stream()
                .filter(d -> d != failed && marked.contains(d))
                .findFirst()
                .or(() -> deployed.stream().filter(d -> d != failed).findFirst())
                .orElseThrow(() -> new IllegalStateException("no dispatch strategy is deployed"));
    }

    private void measureAll() {
        for (Community c : topology.communities()) {
            try {
                measure(c, cycles.getOrDefault(c.id(), 0L));
            } catch (RuntimeException e) {
                book.failed(c.id(), LoopStage.MEASURE, cycles.getOrDefault(c.id(), 0L), "measure failed: " + e);
            }
        }
    }

    /**
     * Measures the plan that ran until now: the previous plan right after a new one was made, else the newest.
     * Runs with each cycle and every minute in between, so that measured cost shows up within a step.
     */
    private void measure(Community c, long n) {
        StageBook.Timer t = book.start(c.id(), LoopStage.MEASURE, n);
        TimeSeriesStore s = store;
        Deque<PlanRecord> list = plans.get(c.id());
        if (s == null || list == null || list.isEmpty()) {
            t.done(StageOutcome.SKIPPED, s == null ? "no store: nothing measured" : "no plan to measure yet");
            return;
        }
        Instant now = clock.instant();
        PlanRecord newestPlan = list.peekFirst();
        PlanRecord measured = newestPlan.plan.issueTime().isAfter(now.minusSeconds(5)) && list.size() > 1
                ? list.stream().skip(1).findFirst().get()
                : newestPlan;
        try {
            PlanPerformance p = Measure.of(measured, Topo.of(c, contract.sharedAssetFeeders()), s, now);
            t.done(
                    StageOutcome.OK,
                    String.format(
                            Locale.ROOT,
                            "plan %s over %d measured steps: realised %.2f EUR, "
                                    + "planned %.2f EUR, uncoordinated baseline %.2f EUR (coordination saved %.2f EUR)",
                            measured.plan.id(),
                            p.measuredIntervals(),
                            p.realisedCostEur(),
                            p.plannedCostEur(),
                            p.baselineCostEur(),
                            p.realisedSavingsEur()));
        } catch (StoreException e) {
            t.done(StageOutcome.FAILED, "the store failed: " + e.getMessage());
        }
    }

    // ---- execute ----

    private void executeAll() {
        for (Community c : topology.communities()) {
            executeGuarded(c);
        }
    }

    private void executeGuarded(Community c) {
        try {
            execute(c);
        } catch (RuntimeException e) {
            book.failed(c.id(), LoopStage.EXECUTE, cycles.getOrDefault(c.id(), 0L), "execute failed: " + e);
        }
    }

    /** One Execute tick of a community. */
    public StageRun execute(Community c) {
        StageBook.Timer t = book.start(c.id(), LoopStage.EXECUTE, cycles.getOrDefault(c.id(), 0L));
        Topo topo = Topo.of(c, contract.sharedAssetFeeders());
        Deque<PlanRecord> list = plans.get(c.id());
        ControlAuthority auth = authority(c.id());
        SetpointExecutor ex =
                executors.computeIfAbsent(c.id(), k -> new SetpointExecutor(k, writePolicy, envelope, clock));
        SetpointExecutor.Tick tick = ex.tick(
                topo,
                list == null ? List.of() : List.copyOf(list),
                auth.mode(),
                new SetpointExecutor.Services(
                        Optional.ofNullable(writer), Optional.ofNullable(audit), Optional.ofNullable(events), latest),
                () -> Snapshot.sense(topo, latest, clock.instant(), maxAge));
        PlanRecord run = list == null
                ? null
                : list.stream()
                        .filter(p -> p.runs(auth.mode(), clock.instant()))
                        .findFirst()
                        .orElse(null);
        String ev = evCharging.execute(
                Optional.ofNullable(stations),
                topo,
                run,
                auth.mode(),
                writePolicy.assetModes(),
                Optional.ofNullable(audit));
        return t.done(tick.outcome(), ev.isEmpty() ? tick.reason() : tick.reason() + "; " + ev);
    }

    // ---- settle ----

    private volatile LocalDate lastSettled;

    private void settleIfDue() {
        ZonedDateTime now = clock.instant().atZone(zone);
        LocalTime at = LocalTime.parse(config.settleAt());
        LocalDate day = now.toLocalDate().minusDays(1);
        if (now.toLocalTime().isBefore(at) || day.equals(lastSettled)) {
            return;
        }
        lastSettled = day;
        for (Community c : topology.communities()) {
            settle(c, day);
        }
    }

    /** The daily settlement on the services present now, or null when one is missing. */
    private Settler settlerNow() {
        Settler s = settler;
        if (s != null) {
            return s;
        }
        TimeSeriesStore st = store;
        SettlementService sv = settlement;
        SettlementLedger l = ledger;
        PolicyGovernance g = governance;
        HubEvents e = events;
        if (st == null || sv == null || l == null || g == null || e == null) {
            return null;
        }
        DailySettlement d = new DailySettlement(
                st,
                sv,
                l,
                g,
                e,
                clock,
                new DailySettlement.Settings(
                        zone,
                        Duration.ofMinutes(config.settlementIntervalMinutes()),
                        config.settlementMethod(),
                        config.settlementPolicy(),
                        config.settlementImportPrice(),
                        config.settlementExportPrice(),
                        config.settlementLookbackDays()),
                allocators);
        return d::settleAndCorrect;
    }

    /** Settles one day of a community; without a settlement service it records why not. */
    List<StageRun> settle(Community c, LocalDate day) {
        Settler s = settlerNow();
        long n = cycles.getOrDefault(c.id(), 0L);
        if (s == null) {
            return List.of(book.start(c.id(), LoopStage.SETTLE, n)
                    .done(
                            StageOutcome.SKIPPED,
                            "no settlement "
                                    + "service is running (feature gridhub-allocation, the store's ledger, "
                                    + "governance)"));
        }
        List<StageRun> runs = s.settle(c, day, n);
        runs.forEach(r -> book.record(c.id(), r));
        return runs;
    }

    // ---- govern ----

    @Override
    public Optional<Scenario> scenario(String community) {
        return Optional.ofNullable(scenarios.get(community));
    }

    /**
     * The battery reserve of the approved {@code dispatch-policy-<community>} in force (Wh above the batteries'
     * minimum, docs/drills.md); 0 without one, or when it cannot be read.
     */
    double batteryReserveWh(String community, Instant at) {
        PolicyGovernance g = governance;
        if (g == null) {
            return 0;
        }
        Optional<PolicyProposal> p = g.inForce(DISPATCH_POLICY_PREFIX + community, at);
        if (p.isEmpty()) {
            return 0;
        }
        try {
            double v = JSON.readTree(p.get().content()).path("batteryReserveWh").asDouble(0);
            return Double.isFinite(v) && v > 0 ? v : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public ControlAuthority authority(String community) {
        PolicyGovernance g = governance;
        if (g != null) {
            Optional<PolicyProposal> p = g.inForce(ControlAuthority.policyId(community), clock.instant());
            if (p.isPresent()) {
                try {
                    JsonNode n = JSON.readTree(p.get().content());
                    return new ControlAuthority(
                            community,
                            ControlMode.parse(n.path("mode").asText()),
                            "governed policy " + p.get().policyId() + " v"
                                    + p.get().version() + " (proposal "
                                    + p.get().id() + ", approved by " + p.get().decidedBy() + ")");
                } catch (IOException | IllegalArgumentException e) {
                    return new ControlAuthority(
                            community,
                            ControlMode.ADVISORY,
                            "governed policy " + p.get().policyId() + " is unreadable (" + e.getMessage()
                                    + "): advisory");
                }
            }
        }
        ControlMode m;
        try {
            m = ControlMode.parse(config.defaultMode());
        } catch (IllegalArgumentException e) {
            return new ControlAuthority(
                    community, ControlMode.ADVISORY, "configuration: " + e.getMessage() + ": advisory");
        }
        if (m == ControlMode.AUTONOMOUS) {
            return new ControlAuthority(
                    community,
                    ControlMode.SUPERVISED,
                    "configuration asks for autonomous, "
                            + "which only an approved " + ControlAuthority.policyId(community) + " policy can grant: "
                            + "supervised");
        }
        return new ControlAuthority(
                community,
                m,
                "configuration default (no approved " + ControlAuthority.policyId(community) + " policy)");
    }

    // ---- OperatingLoop / PlanStore ----

    @Override
    public List<String> communities() {
        return topology.communities().stream().map(Community::id).toList();
    }

    @Override
    public List<StageRun> stages(String community) {
        return book.stages(community);
    }

    private Optional<PlanRecord> record(String planId) {
        for (Deque<PlanRecord> d : plans.values()) {
            for (PlanRecord p : d) {
                if (p.plan.id().equals(planId)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<Plan> plan(String planId) {
        return record(planId).map(p -> p.plan);
    }

    @Override
    public Optional<PlanStatus> status(String planId) {
        return record(planId).map(this::status);
    }

    private PlanStatus status(PlanRecord p) {
        ControlMode mode = authority(p.community).mode();
        Instant now = clock.instant();
        PlanApproval a = p.approval(mode, now);
        Deque<PlanRecord> list = plans.get(p.community);
        if (list != null && list.peekFirst() != p && a != PlanApproval.CONFIRMED && a != PlanApproval.NOT_NEEDED) {
            a = PlanApproval.SUPERSEDED;
        }
        SetpointExecutor ex = executors.get(p.community);
        return new PlanStatus(
                p.plan.id(),
                p.community,
                mode,
                a,
                p.confirmedBy(),
                p.confirmedAt(),
                p.expiresAt,
                ex == null ? new SetpointExecutor(p.community, writePolicy, envelope, clock).status(p) : ex.status(p));
    }

    @Override
    public PlanStatus confirm(String planId, String operator) throws LoopException {
        PlanRecord p = record(planId)
                .orElseThrow(() -> new LoopException(LoopException.Reason.NOT_FOUND, "no recent plan " + planId));
        ControlMode mode = authority(p.community).mode();
        Instant now = clock.instant();
        PlanApproval a = p.approval(mode, now);
        if (mode != ControlMode.SUPERVISED) {
            throw new LoopException(
                    LoopException.Reason.CONFLICT,
                    "community " + p.community + " is " + mode.name().toLowerCase(Locale.ROOT)
                            + ": only supervised plans are confirmed");
        }
        if (a == PlanApproval.EXPIRED) {
            throw new LoopException(
                    LoopException.Reason.CONFLICT,
                    "plan " + planId + " expired at " + p.expiresAt + " without confirmation; confirm a newer one");
        }
        if (a == PlanApproval.CONFIRMED) {
            throw new LoopException(
                    LoopException.Reason.CONFLICT,
                    "plan " + planId + " was confirmed by " + p.confirmedBy() + " at " + p.confirmedAt());
        }
        AuditTrail t = audit;
        if (t == null) {
            throw new LoopException(
                    LoopException.Reason.CONFLICT,
                    "no audit trail is running: a confirmation " + "cannot be recorded, so it is not taken");
        }
        try {
            t.append(
                    operator,
                    "rest",
                    "plan.confirm",
                    planId,
                    "confirmed",
                    "community=" + p.community + " mode=" + mode.name().toLowerCase(Locale.ROOT));
        } catch (AuditException e) {
            throw new LoopException(
                    LoopException.Reason.CONFLICT, "the audit trail refused the confirmation: " + e.getMessage());
        }
        p.confirm(operator, now);
        return status(p);
    }

    @Override
    public Optional<PlanPerformance> performance(String planId) {
        Optional<PlanRecord> p = record(planId);
        TimeSeriesStore s = store;
        if (p.isEmpty() || s == null) {
            return Optional.empty();
        }
        Optional<Community> c = topology.communities().stream()
                .filter(x -> x.id().equals(p.get().community))
                .findFirst();
        if (c.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    Measure.of(p.get(), Topo.of(c.get(), contract.sharedAssetFeeders()), s, clock.instant()));
        } catch (StoreException e) {
            throw new IllegalStateException("the store failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Plan> latest(String communityId) {
        Deque<PlanRecord> d = plans.get(communityId);
        return d == null || d.isEmpty() ? Optional.empty() : Optional.of(d.peekFirst().plan);
    }

    @Override
    public Optional<Plan> latest() {
        PlanRecord p = newest;
        return p == null ? Optional.empty() : Optional.of(p.plan);
    }
}
