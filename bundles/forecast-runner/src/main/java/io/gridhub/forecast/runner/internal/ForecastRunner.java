package io.gridhub.forecast.runner.internal;

import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.bus.Subscription;
import io.gridhub.api.concurrent.Daemons;
import io.gridhub.api.forecast.Forecast;
import io.gridhub.api.forecast.ForecastKind;
import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.api.forecast.Forecaster;
import io.gridhub.api.forecast.GeoLocation;
import io.gridhub.api.forecast.LatestForecasts;
import io.gridhub.api.forecast.PublishedForecast;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import io.gridhub.api.model.Site;
import io.gridhub.api.model.TimeSeries;
import io.gridhub.api.registry.TopologyProvider;
import io.gridhub.api.strategy.OutputChecks;
import io.gridhub.api.strategy.ShadowComparator;
import io.gridhub.api.strategy.ShadowComparison;
import io.gridhub.api.strategy.Strategy;
import io.gridhub.api.strategy.StrategyGuard;
import io.gridhub.api.strategy.StrategyInfo;
import io.gridhub.api.strategy.StrategyRegistry;
import io.gridhub.api.strategy.StrategyRole;
import io.gridhub.api.strategy.StrategyState;
import io.gridhub.api.time.HubClock;
import io.gridhub.forecast.common.recording.HouseholdRecording;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the active forecast strategy on a schedule for a community's two aggregates, {@code <community>.load} (sum
 * of its LOAD assets' power) and {@code <community>.pv} (sum of its PV assets' power), in W per interval. The
 * history is what the hub saw on the sample bus, averaged per interval; intervals before the hub started (or
 * missed) come from an optional seed profile looped onto the clock by local time in the community's zone. The
 * strategy is looked up at every run, so a hot-swapped or newly configured one is used from its next run.
 *
 * <p>Guard rails: every strategy call runs within a time budget and its output is checked ({@link StrategyGuard});
 * a strategy that fails is quarantined and, in the same run, the one active after it forecasts instead. The
 * strategy in shadow, if any, gets the same requests after the active one; its forecasts are kept beside the
 * active one's ({@link ShadowForecasts}), never published, and compared with what was measured
 * ({@link ShadowComparator} for the forecast role).
 */
@Component(
        service = {LatestForecasts.class, ShadowComparator.class},
        configurationPid = ForecastRunner.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ForecastRunner.Config.class)
public final class ForecastRunner implements LatestForecasts, ShadowComparator {
    static final String PID = "io.gridhub.forecast.runner";
    private static final Logger LOG = LoggerFactory.getLogger(ForecastRunner.class);

    @ObjectClassDefinition(name = "gridhub forecast runner", description = "Scheduled community forecasts")
    public @interface Config {
        @AttributeDefinition(description = "Community whose load and PV are forecast")
        String community();

        @AttributeDefinition(description = "Seconds between forecast runs", min = "10")
        int periodSeconds() default 900;

        @AttributeDefinition(description = "Seconds after start before the first run", min = "0")
        int initialDelaySeconds() default 10;

        @AttributeDefinition(description = "Forecast interval in minutes (divides a day)", min = "1")
        int intervalMinutes() default 30;

        @AttributeDefinition(description = "Forecast horizon in hours", min = "1")
        int horizonHours() default 24;

        @AttributeDefinition(description = "Days of history handed to the strategy", min = "2")
        int historyDays() default 35;

        @AttributeDefinition(
                required = false,
                description = "CSV (load_kWh, pv_kWh per 30 min) standing in for "
                        + "history not seen on the bus; empty: none")
        String seedFile() default "";

        @AttributeDefinition(description = "Seed load multiplier (e.g. the sum of the members' scales)")
        double seedLoadScale() default 1.0;

        @AttributeDefinition(description = "Seed PV peak in W (the profile is scaled to it); 0: unscaled")
        double seedPvPeakW() default 0;

        @AttributeDefinition(description = "Latitude of the community (solar geometry)")
        double latitude() default -33.95;

        @AttributeDefinition(description = "Longitude of the community")
        double longitude() default 151.18;

        @AttributeDefinition(description = "Time zone of the community's calendar")
        String zone() default "Australia/Sydney";

        @AttributeDefinition(
                description = "Seconds one strategy call may take (wall time) before its strategy is quarantined",
                min = "0.001")
        double strategyBudgetSeconds() default 120;

        @AttributeDefinition(description = "Days of the shadow strategy's forecasts kept for the comparison", min = "1")
        int shadowDays() default 7;

        @AttributeDefinition(
                required = false,
                description = "Weather forecasts handed to the strategy over the horizon: NAME=POINT, comma-separated "
                        + "(e.g. temperature=demo.weather.forecast.temperature); empty: none")
        String weatherForecasts() default "";
    }

    private record Target(String name, ForecastKind kind, AssetKind assetKind) {}

    private static final List<Target> TARGETS = List.of(
            new Target("load", ForecastKind.LOAD, AssetKind.LOAD), new Target("pv", ForecastKind.PV, AssetKind.PV));

    private final TopologyProvider topology;
    private final StrategyRegistry strategies;
    private final Clock clock;
    private final Config config;
    private final long intervalSeconds;
    private final ZoneId zone;
    private final GeoLocation location;
    private final HouseholdRecording seed;
    private final double seedPvScale;
    private final Map<String, IntervalHistory> histories = new HashMap<>();
    private final Map<String, Double> lastValues = new ConcurrentHashMap<>();
    private final Map<String, PublishedForecast> latest = new ConcurrentHashMap<>();
    private final StrategyGuard guard;
    private final ShadowForecasts shadows;
    private final Subscription subscription;
    private final Subscription weatherSubscription;
    /** Weather forecast name → point id, from {@code weatherForecasts}. */
    private final Map<String, String> weatherPoints;
    /** Weather forecast name → the newest value per interval index (a newer forecast replaces an older one). */
    private final Map<String, TreeMap<Long, Double>> weather = new HashMap<>();

    private final ScheduledExecutorService timer;
    private volatile String lastProblem = "";

    /** Runs on the hub's time: stamps forecasts with it and repeats every {@code periodSeconds} of it. */
    @Activate
    public ForecastRunner(
            @Reference SampleBus bus,
            @Reference TopologyProvider topology,
            @Reference StrategyRegistry strategies,
            @Reference HubClock time,
            Config config)
            throws IOException {
        this(bus, topology, strategies, config, time.clock(), time, true);
    }

    /** Tests: on their clock, at speed 1. */
    ForecastRunner(
            SampleBus bus,
            TopologyProvider topology,
            StrategyRegistry strategies,
            Config config,
            Clock clock,
            boolean schedule)
            throws IOException {
        this(bus, topology, strategies, config, clock, HubClock.system(), schedule);
    }

    private ForecastRunner(
            SampleBus bus,
            TopologyProvider topology,
            StrategyRegistry strategies,
            Config config,
            Clock clock,
            HubClock time,
            boolean schedule)
            throws IOException {
        if (86_400 % (config.intervalMinutes() * 60) != 0) {
            throw new IllegalArgumentException(
                    PID + ": intervalMinutes must divide a day, got " + config.intervalMinutes());
        }
        this.topology = topology;
        this.strategies = strategies;
        this.clock = clock;
        this.config = config;
        this.weatherPoints = weatherPoints(config.weatherForecasts()); // refused before anything is started
        this.intervalSeconds = config.intervalMinutes() * 60L;
        this.zone = ZoneId.of(config.zone());
        this.location = new GeoLocation(config.latitude(), config.longitude(), zone);
        this.seed = config.seedFile().isBlank() ? null : HouseholdRecording.read(Path.of(config.seedFile()));
        this.seedPvScale = seed == null || config.seedPvPeakW() <= 0 || seed.peakPvW() <= 0
                ? 1
                : config.seedPvPeakW() / seed.peakPvW();
        int keep = (int) (config.historyDays() * 86_400L / intervalSeconds) + 2;
        for (Target t : TARGETS) {
            histories.put(t.name(), new IntervalHistory(intervalSeconds, keep));
        }
        this.guard = new StrategyGuard(
                Duration.ofNanos((long) (config.strategyBudgetSeconds() * 1e9)), "gridhub-forecast-strategy");
        this.shadows = new ShadowForecasts(Duration.ofDays(config.shadowDays()));
        String prefix = config.community() + ".";
        this.subscription = bus.subscribe(
                "forecast-runner",
                p -> p.value().startsWith(prefix) && p.value().endsWith(".p"),
                10_000,
                this::onSamples);
        this.weatherSubscription = weatherPoints.isEmpty()
                ? null
                : bus.subscribe(
                        "forecast-runner-weather",
                        p -> weatherPoints.containsValue(p.value()),
                        10_000,
                        this::onWeather);
        if (schedule) {
            timer = Daemons.scheduler("gridhub-forecast-runner");
            // The first run a wall-clock delay after the start (the hub's services come up in wall time), then every
            // period of hub time.
            timer.scheduleWithFixedDelay(
                    this::safeRun,
                    TimeUnit.SECONDS.toMillis(config.initialDelaySeconds()),
                    time.wall(Duration.ofSeconds(config.periodSeconds())).toMillis(),
                    TimeUnit.MILLISECONDS);
        } else {
            timer = null;
        }
    }

    private static Map<String, String> weatherPoints(String spec) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] kv = entry.split("=", 2);
            if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
                throw new IllegalArgumentException(
                        "weatherForecasts: '" + entry.trim() + "' is not NAME=POINT (e.g. temperature=demo.weather.t)");
            }
            m.put(kv[0].trim(), kv[1].trim());
        }
        return m;
    }

    /**
     * Keeps each weather forecast's newest value per interval (by the sample's time, which lies ahead), for the
     * history and horizon the requests span.
     */
    void onWeather(List<Sample> samples) {
        long keep = (config.historyDays() * 86_400L + config.horizonHours() * 3600L) / intervalSeconds + 2;
        synchronized (weather) {
            for (Sample s : samples) {
                weatherPoints.forEach((name, point) -> {
                    if (point.equals(s.point().value()) && Double.isFinite(s.value())) {
                        TreeMap<Long, Double> m = weather.computeIfAbsent(name, k -> new TreeMap<>());
                        m.put(Math.floorDiv(s.sourceTime().getEpochSecond(), intervalSeconds), s.value());
                        while (m.size() > keep) {
                            m.pollFirstEntry();
                        }
                    }
                });
            }
        }
    }

    /**
     * The weather forecasts on the request's index line from {@code startIdx} to the horizon's end: the value of
     * each interval, linearly interpolated across intervals without one (hourly forecasts on 30-minute steps) up to
     * 3 hours apart, NaN beyond what is known.
     */
    private Map<String, TimeSeries> weatherSeries(long startIdx, long endIdx, Instant issue) {
        Map<String, TimeSeries> out = new LinkedHashMap<>();
        synchronized (weather) {
            weather.forEach((name, m) -> {
                double[] v = new double[(int) (endIdx - startIdx)];
                long maxGap = 3 * 3600L / intervalSeconds;
                for (int i = 0; i < v.length; i++) {
                    long idx = startIdx + i;
                    Map.Entry<Long, Double> lo = m.floorEntry(idx);
                    Map.Entry<Long, Double> hi = m.ceilingEntry(idx);
                    if (lo != null && lo.getKey() == idx) {
                        v[i] = lo.getValue();
                    } else if (lo != null && hi != null && hi.getKey() - lo.getKey() <= maxGap) {
                        double w = (idx - lo.getKey()) / (double) (hi.getKey() - lo.getKey());
                        v[i] = lo.getValue() + w * (hi.getValue() - lo.getValue());
                    } else {
                        v[i] = Double.NaN;
                    }
                }
                out.put(
                        "forecast_" + name,
                        new TimeSeries(
                                Instant.ofEpochSecond(startIdx * intervalSeconds),
                                Duration.ofSeconds(intervalSeconds),
                                "",
                                issue,
                                v));
            });
        }
        return out;
    }

    /** Adds each batch's aggregate per target to its interval. */
    void onSamples(List<Sample> samples) {
        Map<String, Set<String>> points = points();
        Instant time = null;
        for (Sample s : samples) {
            lastValues.put(s.point().value(), s.value());
            time = s.sourceTime();
        }
        if (time == null) {
            return;
        }
        for (Target t : TARGETS) {
            double sum = 0;
            boolean any = false;
            for (String p : points.getOrDefault(t.name(), Set.of())) {
                Double v = lastValues.get(p);
                if (v != null) {
                    sum += v;
                    any = true;
                }
            }
            if (any) {
                histories.get(t.name()).add(time.getEpochSecond(), sum);
            }
        }
    }

    /** Point ids per target, from the community's current topology. */
    private Map<String, Set<String>> points() {
        Map<String, Set<String>> m = new HashMap<>();
        Optional<Community> c = topology.communities().stream()
                .filter(x -> x.id().equals(config.community()))
                .findFirst();
        if (c.isEmpty()) {
            return m;
        }
        List<Asset> assets = new ArrayList<>(c.get().sharedAssets());
        for (Member mem : c.get().members()) {
            for (Site s : mem.sites()) {
                assets.addAll(s.assets());
            }
        }
        for (Target t : TARGETS) {
            Set<String> ids = new HashSet<>();
            for (Asset a : assets) {
                if (a.kind() == t.assetKind()) {
                    ids.add(PointId.of(config.community() + "." + a.id() + ".p").value());
                }
            }
            m.put(t.name(), ids);
        }
        return m;
    }

    private void safeRun() {
        try {
            runOnce();
        } catch (RuntimeException | LinkageError e) {
            problem("forecast run failed: " + e, e);
        }
    }

    /**
     * One run: every target's forecast from the active strategy, issued at the start of the current interval, then
     * the shadow strategy's on the same requests. Interrupted (the runner stops), it ends with what it made so far.
     */
    List<PublishedForecast> runOnce() {
        List<PublishedForecast> out = new ArrayList<>();
        try {
            run(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    private void run(List<PublishedForecast> out) throws InterruptedException {
        if (active().isEmpty()) {
            problem("no forecast strategy is active: nothing forecast", null);
            return;
        }
        long issueIdx = Math.floorDiv(clock.instant().getEpochSecond(), intervalSeconds);
        Map<String, ForecastRequest> requests = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        for (Target t : TARGETS) {
            ForecastRequest request = request(t, issueIdx);
            Optional<PublishedForecast> p = forecast(request);
            if (p.isPresent()) {
                latest.put(request.target(), p.get());
                requests.put(request.target(), request);
                out.add(p.get());
            } else {
                failed.add(request.target());
            }
        }
        shadow(out, requests);
        if (failed.isEmpty()) {
            ok();
        } else {
            problem("no forecast strategy could forecast " + String.join(", ", failed) + ": see the quarantines", null);
        }
    }

    /** A target's request: its history up to the issue (from the bus, else the seed, else NaN) and the horizon. */
    private ForecastRequest request(Target t, long issueIdx) {
        Instant issue = Instant.ofEpochSecond(issueIdx * intervalSeconds);
        int n = (int) (config.historyDays() * 86_400L / intervalSeconds);
        double[] v = new double[n];
        int fromBus = 0;
        IntervalHistory h = histories.get(t.name());
        for (int i = 0; i < n; i++) {
            long idx = issueIdx - n + i;
            double b = h.average(idx);
            if (!Double.isNaN(b)) {
                fromBus++;
            }
            v[i] = !Double.isNaN(b)
                    ? b
                    : seed == null
                            ? Double.NaN
                            : t.kind() == ForecastKind.LOAD
                                    ? seed.loadW(Instant.ofEpochSecond(idx * intervalSeconds), zone)
                                            * config.seedLoadScale()
                                    : seed.pvW(Instant.ofEpochSecond(idx * intervalSeconds), zone) * seedPvScale;
        }
        Instant start = Instant.ofEpochSecond((issueIdx - n) * intervalSeconds);
        TimeSeries history = new TimeSeries(start, Duration.ofSeconds(intervalSeconds), "W", issue, v);
        String name = config.community() + "." + t.name();
        LOG.debug("forecast {}: {} of {} history intervals from the bus", name, fromBus, n);
        long endIdx = issueIdx + config.horizonHours() * 3600L / intervalSeconds;
        return new ForecastRequest(
                name,
                t.kind(),
                history,
                weatherSeries(issueIdx - n, endIdx, issue),
                issue,
                Duration.ofHours(config.horizonHours()),
                zone,
                location);
    }

    /**
     * The active strategy's forecast for a request. A strategy that fails is quarantined (the registry makes the
     * version before it active) and the strategy active then forecasts instead, until one succeeds or none is left.
     */
    private Optional<PublishedForecast> forecast(ForecastRequest request) throws InterruptedException {
        Set<Forecaster> tried = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Optional<Forecaster> f = active(); f.isPresent() && tried.add(f.get()); f = active()) {
            Forecaster s = f.get();
            StrategyGuard.Outcome<Forecast> o = call(s, request);
            if (o.ok()) {
                return Optional.of(new PublishedForecast(
                        request.target(), request.kind(), s.name(), s.version(), clock.instant(), o.output()));
            }
            quarantine(s, o.problem(), request);
        }
        return Optional.empty();
    }

    /** The shadow strategy, if any, on the requests the active one answered; kept, never published. */
    private void shadow(List<PublishedForecast> active, Map<String, ForecastRequest> requests)
            throws InterruptedException {
        Optional<Forecaster> shadow = strategies.shadow(StrategyRole.FORECAST, Forecaster.class);
        if (shadow.isEmpty()) {
            return;
        }
        Forecaster s = shadow.get();
        for (PublishedForecast p : active) {
            ForecastRequest request = requests.get(p.target());
            StrategyGuard.Outcome<Forecast> o = call(s, request);
            if (!o.ok()) {
                quarantine(s, o.problem(), request);
                return;
            }
            shadows.add(
                    p.target(),
                    p.computedAt(),
                    p.strategy() + " " + p.version(),
                    label(s),
                    p.forecast().p50(),
                    o.output().p50());
        }
    }

    /** The strategy's forecast within the guard rails; an interrupted caller is no fault of the strategy's. */
    private StrategyGuard.Outcome<Forecast> call(Forecaster f, ForecastRequest request) throws InterruptedException {
        StrategyGuard.Outcome<Forecast> o =
                guard.run(() -> f.forecast(request), out -> OutputChecks.forecast(request, out), "forecast");
        if (o.interrupted()) {
            throw new InterruptedException("forecasting " + request.target());
        }
        return o;
    }

    /** Guard rail: the registry quarantines the strategy, audits it and raises the event (and logs it). */
    private void quarantine(Forecaster f, String failure, ForecastRequest request) {
        strategies.quarantine(f, failure + " (forecasting " + request.target() + ")");
    }

    private Optional<Forecaster> active() {
        return strategies.active(StrategyRole.FORECAST, Forecaster.class);
    }

    private static String label(Strategy s) {
        return StrategyGuard.label(s);
    }

    @Override
    public StrategyRole role() {
        return StrategyRole.FORECAST;
    }

    /**
     * The shadow forecaster against the active one since it entered shadow: the P50's MAE and bias per target
     * against the measured interval averages ({@link ShadowForecasts#compare}).
     */
    @Override
    public Optional<ShadowComparison> compare() {
        Optional<Forecaster> active = active();
        Optional<Forecaster> shadow = strategies.shadow(StrategyRole.FORECAST, Forecaster.class);
        if (active.isEmpty() || shadow.isEmpty()) {
            return Optional.empty();
        }
        Forecaster s = shadow.get();
        Instant since = strategies.strategies().stream()
                .filter(i -> i.role() == StrategyRole.FORECAST
                        && i.state() == StrategyState.SHADOW
                        && i.name().equals(s.name())
                        && i.version().equals(s.version()))
                .map(StrategyInfo::stateSince)
                .findFirst()
                .orElse(Instant.EPOCH);
        return shadows.compare(label(active.get()), label(s), since, this::actual);
    }

    /** What the bus measured over a finished interval of a target ({@code <community>.load}); NaN when unknown. */
    private double actual(String target, Instant intervalStart) {
        long idx = Math.floorDiv(intervalStart.getEpochSecond(), intervalSeconds);
        IntervalHistory h = histories.get(target.substring(config.community().length() + 1));
        boolean finished = idx < Math.floorDiv(clock.instant().getEpochSecond(), intervalSeconds);
        return h == null || !finished ? Double.NaN : h.average(idx);
    }

    private void problem(String message, Throwable cause) {
        if (!message.equals(lastProblem)) {
            lastProblem = message;
            LOG.warn(message, cause);
        }
    }

    private void ok() {
        if (!lastProblem.isEmpty()) {
            LOG.info("forecast runs work again");
            lastProblem = "";
        }
    }

    @Override
    public List<PublishedForecast> latest() {
        return List.copyOf(new TreeMap<>(latest).values());
    }

    @Deactivate
    void deactivate() {
        if (timer != null) {
            timer.shutdownNow();
        }
        guard.close();
        subscription.close();
        if (weatherSubscription != null) {
            weatherSubscription.close();
        }
    }
}
