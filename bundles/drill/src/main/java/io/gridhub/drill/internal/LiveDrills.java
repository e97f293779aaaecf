package io.gridhub.drill.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.dispatch.SolverRuntime;
import io.gridhub.api.drill.DrillException;
import io.gridhub.api.drill.DrillException.Reason;
import io.gridhub.api.drill.DrillRun;
import io.gridhub.api.drill.DrillService;
import io.gridhub.api.forecast.Forecast;
import io.gridhub.api.forecast.LatestForecasts;
import io.gridhub.api.forecast.PublishedForecast;
import io.gridhub.api.loop.OperatingLoop;
import io.gridhub.api.model.TimeSeries;
import io.gridhub.api.time.HubClock;
import io.gridhub.drill.DrillEngine;
import io.gridhub.drill.DrillReader;
import io.gridhub.drill.DrillReport;
import io.gridhub.drill.DrillSpec;
import io.gridhub.drill.DrillSpec.Uncertainty;
import io.gridhub.drill.ReportHtml;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@link DrillService} of the hub: a drill from the REST API runs on the operating loop's last scenario of the
 * community (its batteries' measured state of charge, forecasts, prices, limits), one drill at a time, with its
 * samples and time bounded by configuration; without an {@code uncertainty} of its own, the spreads come from the
 * quantiles of the community's published load and PV forecasts. The recent reports are kept in memory.
 */
@Component(
        service = DrillService.class,
        configurationPid = LiveDrills.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = LiveDrills.Config.class)
public final class LiveDrills implements DrillService {
    static final String PID = "io.gridhub.drill";
    /** What a report names as the source of a drill's request. */
    static final String BODY = "request body";

    @ObjectClassDefinition(
            name = "gridhub what-if drills",
            description = "Drills on the live community (POST /api/v1/drills): bounds and reports kept")
    public @interface Config {
        @AttributeDefinition(description = "Most Monte Carlo samples one drill may run (more asked: this many)")
        int maxRuns() default 1000;

        @AttributeDefinition(description = "Longest time budget of one drill, seconds (more asked: this long)")
        int maxTimeBudgetSeconds() default 30;

        @AttributeDefinition(description = "Threads one drill's samples run on (the loop shares the processors)")
        int threads() default 1;

        @AttributeDefinition(description = "Recent drill reports kept in memory")
        int keep() default 20;
    }

    /** The bounds of a drill and how many reports are kept. */
    record Bounds(int maxRuns, Duration maxTimeBudget, int threads, int keep) {
        static Bounds of(Config c) {
            return new Bounds(
                    Math.max(1, c.maxRuns()),
                    Duration.ofSeconds(Math.max(1, c.maxTimeBudgetSeconds())),
                    Math.max(1, c.threads()),
                    Math.max(1, c.keep()));
        }
    }

    private final OperatingLoop loop;
    private final Clock clock;
    private final Bounds bounds;
    private final DrillEngine engine;
    private final Supplier<LatestForecasts> forecastsNow;
    private final Semaphore running = new Semaphore(1);
    private final Deque<DrillRun> recent = new ConcurrentLinkedDeque<>();
    private final AtomicLong sequence = new AtomicLong();

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile LatestForecasts forecasts;

    @Activate
    public LiveDrills(
            @Reference OperatingLoop loop,
            @Reference(target = "(runtime=ortools)") SolverRuntime solver,
            @Reference HubClock time,
            Config config) {
        Bounds b = Bounds.of(config);
        this.loop = loop;
        this.clock = time.clock();
        this.bounds = b;
        this.engine = new DrillEngine(b.threads(), solver::ensureLoaded);
        this.forecastsNow = () -> forecasts;
    }

    /**
     * Outside OSGi (tests): on OR-Tools' own loader, the forecasts and clock given, {@code maxRuns} samples and
     * {@code maxTimeBudget} at most on {@code threads} threads, the last {@code keep} reports kept.
     */
    public LiveDrills(
            OperatingLoop loop,
            Supplier<LatestForecasts> forecasts,
            Clock clock,
            int maxRuns,
            Duration maxTimeBudget,
            int threads,
            int keep) {
        this.loop = loop;
        this.clock = clock;
        this.bounds = new Bounds(Math.max(1, maxRuns), maxTimeBudget, Math.max(1, threads), Math.max(1, keep));
        this.engine = DrillEngine.standalone(bounds.threads());
        this.forecastsNow = forecasts;
    }

    @Override
    public DrillRun run(String community, String drillJson, String requestedBy) throws DrillException {
        String c = community(community);
        Scenario scenario = loop.scenario(c)
                .orElseThrow(() -> new DrillException(
                        Reason.UNAVAILABLE,
                        "no live scenario of community " + c + " yet: the loop has not planned it since it started "
                                + "(the first plan comes shortly after start)"));
        DrillSpec spec = spec(drillJson, c, scenario);
        if (!running.tryAcquire()) {
            throw new DrillException(
                    Reason.BUSY, "another drill runs now (one at a time: they share the processors with the loop)");
        }
        DrillReport report;
        try {
            report = engine.run(scenario, spec);
        } catch (IllegalArgumentException e) {
            throw new DrillException(Reason.INVALID, BODY + ": " + e.getMessage());
        } finally {
            running.release();
        }
        DrillRun run = new DrillRun(
                Long.toString(clock.millis(), 36) + "-" + sequence.incrementAndGet(),
                spec.id(),
                c,
                scenario.id(),
                requestedBy,
                clock.instant(),
                report.toJson(),
                ReportHtml.render(report),
                report.proposal() == null ? null : report.proposal().toPrettyString());
        recent.addFirst(run);
        while (recent.size() > bounds.keep()) {
            recent.removeLast();
        }
        return run;
    }

    @Override
    public Optional<DrillRun> find(String id) {
        return recent.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    @Override
    public List<DrillRun> recent() {
        return List.copyOf(recent);
    }

    /** The community asked for, or the loop's only one. */
    private String community(String asked) throws DrillException {
        List<String> known = loop.communities();
        if (asked == null || asked.isBlank()) {
            if (known.size() == 1) {
                return known.get(0);
            }
            throw new DrillException(
                    Reason.INVALID, "community: name one of " + known + " (query parameter community)");
        }
        if (!known.contains(asked)) {
            throw new DrillException(Reason.NOT_FOUND, "community " + asked + ": the loop runs " + known);
        }
        return asked;
    }

    /**
     * The drill of the request, checked against the schema, with samples and time within the bounds and, without
     * an uncertainty of its own, the spreads of the community's published forecasts.
     */
    DrillSpec spec(String json, String community, Scenario scenario) throws DrillException {
        JsonNode tree;
        DrillSpec asked;
        try {
            tree = DrillReader.tree(json == null ? "" : json, BODY);
            if (tree.has("scenario")) {
                throw new IllegalArgumentException(BODY + ": $.scenario: a drill here runs on the live scenario of "
                        + "community " + community + "; leave scenario out");
            }
            asked = DrillReader.read(tree, BODY);
        } catch (IllegalArgumentException e) {
            throw new DrillException(Reason.INVALID, e.getMessage());
        }
        Uncertainty u = tree.has("uncertainty") ? asked.uncertainty() : published(community, scenario);
        return new DrillSpec(
                asked.id(),
                asked.description(),
                asked.events(),
                asked.defaultLoads(),
                asked.memberLoads(),
                u,
                Math.min(asked.runs(), bounds.maxRuns()),
                asked.seed(),
                asked.timeBudget().compareTo(bounds.maxTimeBudget()) > 0 ? bounds.maxTimeBudget() : asked.timeBudget(),
                asked.method());
    }

    /**
     * The forecast error the forecasters expect: for load and PV, the P10…P90 width of the community's published
     * forecast over the scenario's horizon, relative to its P50 ({@code Σ(P90 − P10) / 2ΣP50}, the drill's spread);
     * none without a published forecast.
     */
    Uncertainty published(String community, Scenario scenario) {
        LatestForecasts lf = forecastsNow.get();
        List<PublishedForecast> all = lf == null ? List.of() : lf.latest();
        return new Uncertainty(
                spread(all, community + ".load", scenario), spread(all, community + ".pv", scenario), null);
    }

    private static double spread(List<PublishedForecast> all, String target, Scenario scenario) {
        Optional<Forecast> f = all.stream()
                .filter(p -> p.target().equals(target))
                .map(PublishedForecast::forecast)
                .findFirst();
        if (f.isEmpty()) {
            return 0;
        }
        double width = 0;
        double mid = 0;
        for (int k = 0; k < scenario.steps(); k++) {
            Instant t = scenario.timeAt(k);
            double p10 = at(f.get().p10(), t);
            double p50 = at(f.get().p50(), t);
            double p90 = at(f.get().p90(), t);
            if (Double.isNaN(p10) || Double.isNaN(p50) || Double.isNaN(p90)) {
                continue;
            }
            width += Math.max(0, p90 - p10);
            mid += Math.max(0, p50);
        }
        return mid > 0 ? Math.min(5, width / (2 * mid)) : 0;
    }

    /** The series' value in the step holding {@code t}; NaN outside it. */
    private static double at(TimeSeries s, Instant t) {
        long i = Math.floorDiv(
                Duration.between(s.start(), t).toMillis(), s.step().toMillis());
        return i < 0 || i >= s.size() ? Double.NaN : s.value((int) i);
    }
}
