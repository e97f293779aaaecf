package io.gridhub.anomaly.runner.internal;

import io.gridhub.api.anomaly.AnomalyDetector;
import io.gridhub.api.anomaly.AnomalyQueue;
import io.gridhub.api.anomaly.DetectionWindow;
import io.gridhub.api.anomaly.Finding;
import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.bus.Subscription;
import io.gridhub.api.concurrent.Daemons;
import io.gridhub.api.forecast.GeoLocation;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Point;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import io.gridhub.api.registry.PointRegistry;
import io.gridhub.api.registry.TopologyProvider;
import io.gridhub.api.store.Bucket;
import io.gridhub.api.store.StoreException;
import io.gridhub.api.store.TimeSeriesStore;
import io.gridhub.api.strategy.StrategyGuard;
import io.gridhub.api.strategy.StrategyRegistry;
import io.gridhub.api.strategy.StrategyRole;
import io.gridhub.api.time.HubClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the active anomaly detector (role ANOMALY, looked up at every run, so a hot-swapped one is used from its next
 * run) on a community's telemetry and files what it finds in the triage queue ({@link AnomalyQueue}, optional: while
 * there is none, findings are only kept in memory and logged once). Live: every {@code periodSeconds} of wall time,
 * over the last {@code windowMinutes} of hub time of the samples it keeps off the sample bus ({@link LiveWindow}).
 * History: every {@code historyEveryMinutes} over the last {@code historyHours} from the store (interval averages of
 * {@code historyStepSeconds}, in windows of at most 7 days), and once at start over {@code scanFrom}..{@code scanTo}
 * when both are set (a scan on demand: set them, and the runner restarts with them).
 *
 * <p>A finding is filed again only when its evidence grew (the queue folds it into the open anomaly). Guard rails:
 * every call runs within a time budget and its output is checked ({@link StrategyGuard}, {@link FindingChecks}); a
 * detector that throws, overruns or returns invalid output is quarantined, and the detector active after it runs in
 * the same cycle.
 */
@Component(
        service = {},
        immediate = true,
        configurationPid = AnomalyRunner.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = AnomalyRunner.Config.class)
public final class AnomalyRunner {
    static final String PID = "io.gridhub.anomaly.runner";
    private static final Logger LOG = LoggerFactory.getLogger(AnomalyRunner.class);
    private static final Duration HISTORY_WINDOW = Duration.ofDays(7);

    @ObjectClassDefinition(name = "gridhub anomaly runner", description = "Telemetry anomaly detection")
    public @interface Config {
        @AttributeDefinition(description = "Community whose telemetry is checked")
        String community();

        @AttributeDefinition(description = "Wall seconds between live runs", min = "1")
        int periodSeconds() default 20;

        @AttributeDefinition(description = "Wall seconds after start before the first run", min = "0")
        int initialDelaySeconds() default 30;

        @AttributeDefinition(description = "Minutes (hub time) of live samples each live run looks at", min = "1")
        int windowMinutes() default 360;

        @AttributeDefinition(description = "Seconds (hub time): a held value is kept once per spacing", min = "0")
        int spacingSeconds() default 15;

        @AttributeDefinition(description = "Most live samples kept per point", min = "2")
        int maxSamplesPerPoint() default 5000;

        @AttributeDefinition(description = "Minutes (hub time) between history scans; 0: none", min = "0")
        int historyEveryMinutes() default 360;

        @AttributeDefinition(description = "Hours of stored history each history scan looks at", min = "1")
        int historyHours() default 48;

        @AttributeDefinition(description = "Seconds per stored interval average in history scans", min = "1")
        int historyStepSeconds() default 300;

        @AttributeDefinition(required = false, description = "Start of a scan at start-up (ISO instant); empty: none")
        String scanFrom() default "";

        @AttributeDefinition(required = false, description = "End of that scan (ISO instant)")
        String scanTo() default "";

        @AttributeDefinition(description = "Latitude of the community (sun position)")
        double latitude() default -33.95;

        @AttributeDefinition(description = "Longitude of the community")
        double longitude() default 151.18;

        @AttributeDefinition(description = "Time zone of the community")
        String zone() default "Australia/Sydney";

        @AttributeDefinition(description = "Wall seconds one detector call may take before it is quarantined")
        double strategyBudgetSeconds() default 20;

        @AttributeDefinition(description = "Most findings one window may produce (more is invalid output)")
        int maxFindings() default 5000;
    }

    private final TopologyProvider topology;
    private final PointRegistry points;
    private final StrategyRegistry strategies;
    private final Clock clock;
    private final Config config;
    private final GeoLocation location;
    private final LiveWindow live;
    private final StrategyGuard guard;
    private final Subscription subscription;
    private final ScheduledExecutorService timer;
    private final Map<String, Instant> filed = new ConcurrentHashMap<>();
    private final Duration historyEvery;
    private volatile List<Finding> latest = List.of();
    private volatile Instant lastHistory = Instant.MIN;
    private volatile String lastProblem = "";

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AnomalyQueue queue;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile TimeSeriesStore store;

    @Activate
    public AnomalyRunner(
            @Reference SampleBus bus,
            @Reference TopologyProvider topology,
            @Reference PointRegistry points,
            @Reference StrategyRegistry strategies,
            @Reference HubClock time,
            Config config) {
        this(bus, topology, points, strategies, time.clock(), config, true);
    }

    /** Tests: on their clock, runs only when called. */
    AnomalyRunner(
            SampleBus bus,
            TopologyProvider topology,
            PointRegistry points,
            StrategyRegistry strategies,
            Clock clock,
            Config config,
            boolean schedule) {
        this.topology = topology;
        this.points = points;
        this.strategies = strategies;
        this.clock = clock;
        this.config = config;
        this.location = new GeoLocation(config.latitude(), config.longitude(), ZoneId.of(config.zone()));
        this.live = new LiveWindow(config.maxSamplesPerPoint(), Duration.ofSeconds(config.spacingSeconds()));
        this.guard = new StrategyGuard(
                Duration.ofNanos((long) (config.strategyBudgetSeconds() * 1e9)), "gridhub-anomaly-detector");
        this.historyEvery = Duration.ofMinutes(config.historyEveryMinutes());
        String prefix = config.community() + ".";
        this.subscription = bus.subscribe("anomaly-runner", p -> p.value().startsWith(prefix), 65_536, live::add);
        if (schedule) {
            timer = Daemons.scheduler("gridhub-anomaly-runner");
            timer.scheduleWithFixedDelay(
                    this::safeRun, config.initialDelaySeconds(), config.periodSeconds(), TimeUnit.SECONDS);
        } else {
            timer = null;
        }
    }

    private void safeRun() {
        try {
            if (!config.scanFrom().isBlank() && lastHistory.equals(Instant.MIN)) {
                scan(Instant.parse(config.scanFrom()), Instant.parse(config.scanTo()));
            }
            runLive();
            Instant now = clock.instant();
            if (!historyEvery.isZero() && !now.isBefore(lastHistory.plus(historyEvery))) {
                lastHistory = now;
                scan(now.minus(Duration.ofHours(config.historyHours())), now);
            }
        } catch (RuntimeException | LinkageError e) {
            problem("anomaly run failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One live run over the last {@code windowMinutes}; returns what the detector found (filed or not). */
    List<Finding> runLive() throws InterruptedException {
        Optional<Community> c = community();
        if (c.isEmpty()) {
            problem("community " + config.community() + " is not (yet) defined: nothing checked", null);
            return List.of();
        }
        Instant to = clock.instant();
        Instant from = to.minus(Duration.ofMinutes(config.windowMinutes()));
        live.trim(from);
        List<DetectionWindow.Series> series = new ArrayList<>();
        Index index = new Index(c.get());
        for (Point p : communityPoints()) {
            List<Sample> samples = live.samples(p.id(), from);
            if (!samples.isEmpty()) {
                series.add(index.series(p, samples));
            }
        }
        return detect(new DetectionWindow(c.get(), from, to, series, location, true));
    }

    /** A scan of stored history over {@code [from, to)}, in windows of at most 7 days; returns what was found. */
    List<Finding> scan(Instant from, Instant to) throws InterruptedException {
        TimeSeriesStore s = store;
        Optional<Community> c = community();
        if (s == null || c.isEmpty() || !from.isBefore(to)) {
            return List.of();
        }
        if (lastHistory.equals(Instant.MIN)) {
            lastHistory = clock.instant();
        }
        Duration step = Duration.ofSeconds(config.historyStepSeconds());
        Index index = new Index(c.get());
        List<Finding> all = new ArrayList<>();
        for (Instant a = from; a.isBefore(to); a = a.plus(HISTORY_WINDOW)) {
            Instant b = a.plus(HISTORY_WINDOW).isBefore(to) ? a.plus(HISTORY_WINDOW) : to;
            List<DetectionWindow.Series> series = new ArrayList<>();
            for (Point p : communityPoints()) {
                List<Sample> samples = new ArrayList<>();
                try {
                    for (Bucket k : s.aggregate(p.id(), a, b, step)) {
                        samples.add(new Sample(p.id(), k.avg(), Quality.GOOD, k.start(), k.start()));
                    }
                } catch (StoreException e) {
                    problem("history scan: the store could not read " + p.id() + ": " + e.getMessage(), null);
                    return all;
                }
                if (!samples.isEmpty()) {
                    series.add(index.series(p, samples));
                }
            }
            all.addAll(detect(new DetectionWindow(c.get(), a, b, series, location, false)));
        }
        return all;
    }

    /**
     * The active detector's findings in a window, filed. A detector that fails is quarantined and the one active
     * then runs instead, until one succeeds or none is left.
     */
    private List<Finding> detect(DetectionWindow window) throws InterruptedException {
        Set<AnomalyDetector> tried = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Optional<AnomalyDetector> d = active(); d.isPresent() && tried.add(d.get()); d = active()) {
            AnomalyDetector detector = d.get();
            String community = window.community().id();
            StrategyGuard.Outcome<List<Finding>> o = guard.run(
                    () -> detector.detect(window),
                    out -> FindingChecks.check(out, community, config.maxFindings()),
                    "list of findings");
            if (o.interrupted()) {
                throw new InterruptedException("checking " + community);
            }
            if (o.ok()) {
                latest = List.copyOf(o.output());
                file(latest);
                return latest;
            }
            strategies.quarantine(detector, o.problem() + " (checking " + community + ")");
        }
        problem("no anomaly detector is active: nothing checked", null);
        return List.of();
    }

    private void file(List<Finding> findings) {
        AnomalyQueue q = queue;
        int filedNow = 0;
        for (Finding f : findings) {
            String key = f.kind() + "|" + f.points() + "|" + f.from();
            Instant before = filed.get(key);
            if (before != null && !f.to().isAfter(before)) {
                continue; // already filed with this much evidence
            }
            if (q == null) {
                continue;
            }
            q.report(f);
            filed.put(key, f.to());
            filedNow++;
        }
        Instant forget =
                clock.instant().minus(Duration.ofMinutes(config.windowMinutes()).plusDays(8));
        filed.values().removeIf(t -> t.isBefore(forget));
        if (q == null && !findings.isEmpty()) {
            problem("no anomaly queue: " + findings.size() + " findings not filed", null);
        } else {
            ok(filedNow);
        }
    }

    private Optional<AnomalyDetector> active() {
        return strategies.active(StrategyRole.ANOMALY, AnomalyDetector.class);
    }

    private Optional<Community> community() {
        return topology.communities().stream()
                .filter(x -> x.id().equals(config.community()))
                .findFirst();
    }

    private List<Point> communityPoints() {
        String prefix = config.community() + ".";
        return points.points().stream()
                .filter(p -> p.id().value().startsWith(prefix))
                .toList();
    }

    /** The findings of the last successful detector call. */
    List<Finding> latest() {
        return latest;
    }

    /** Each point's asset and member, from the community's topology. */
    private static final class Index {
        private final Map<String, Asset> assets = new HashMap<>();
        private final Map<String, String> members = new HashMap<>();

        Index(Community c) {
            for (Community.Placement at : c.placements()) {
                assets.put(at.asset().id(), at.asset());
                if (at.member() != null) {
                    members.put(at.asset().id(), at.member().id());
                }
            }
        }

        DetectionWindow.Series series(Point p, List<Sample> samples) {
            return new DetectionWindow.Series(
                    p, assets.get(p.assetId()), members.getOrDefault(p.assetId(), ""), samples);
        }
    }

    private void problem(String message, Throwable cause) {
        if (!message.equals(lastProblem)) {
            lastProblem = message;
            LOG.warn(message, cause);
        }
    }

    private void ok(int filedNow) {
        if (!lastProblem.isEmpty()) {
            LOG.info("anomaly runs work again");
            lastProblem = "";
        }
        if (filedNow > 0) {
            LOG.debug("{} findings filed", filedNow);
        }
    }

    @Deactivate
    void deactivate() {
        if (timer != null) {
            timer.shutdownNow();
        }
        guard.close();
        subscription.close();
    }
}
