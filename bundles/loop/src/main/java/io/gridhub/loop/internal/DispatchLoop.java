package io.gridhub.loop.internal;

import io.gridhub.api.bus.LatestValues;
import io.gridhub.api.dispatch.Dispatcher;
import io.gridhub.api.dispatch.PlanStore;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Plan;
import io.gridhub.api.model.Sample;
import io.gridhub.api.registry.TopologyProvider;
import io.gridhub.api.strategy.StrategyRegistry;
import io.gridhub.api.strategy.StrategyRole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans every community on a schedule with the active dispatch strategy and keeps the latest plan per community.
 * If the active strategy throws, the rule-based one (name {@code rules}) plans instead. Plans are advisory here:
 * nothing is sent to devices yet (that is the Govern and Execute steps).
 */
@Component(service = PlanStore.class, immediate = true, configurationPid = DispatchLoop.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DispatchLoop.Config.class)
public final class DispatchLoop implements PlanStore {
    static final String PID = "io.gridhub.loop.dispatch";
    private static final Logger LOG = LoggerFactory.getLogger(DispatchLoop.class);

    @ObjectClassDefinition(name = "gridhub dispatch loop", description = "Plans each community on a schedule")
    public @interface Config {
        @AttributeDefinition(description = "Plan on a schedule at all")
        boolean enabled() default true;

        @AttributeDefinition(description = "Seconds between plans")
        long periodSeconds() default 900;

        @AttributeDefinition(description = "Seconds after start before the first plan")
        long initialDelaySeconds() default 20;

        @AttributeDefinition(description = "Plan step in minutes")
        int stepMinutes() default 30;

        @AttributeDefinition(description = "Plan horizon in hours")
        int horizonHours() default 24;

        @AttributeDefinition(description = "Solver time limit in seconds")
        int timeLimitSeconds() default 20;

        @AttributeDefinition(description = "Time zone of the communities (prices per local hour, PV shape)")
        String timeZone() default "UTC";

        @AttributeDefinition(required = false, description = "CSV hour,importEurPerKWh,exportEurPerKWh (empty: "
                + "flat 0.30/0.08 EUR/kWh)")
        String pricesFile() default "";
    }

    private final TopologyProvider topology;
    private final StrategyRegistry strategies;
    private final LatestValues latest;
    private final Config config;
    private final List<Dispatcher> dispatchers = new CopyOnWriteArrayList<>();
    private final Map<String, Plan> plans = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor;
    private volatile Plan newest;
    private volatile String lastProblem;

    @Activate
    public DispatchLoop(@Reference TopologyProvider topology, @Reference StrategyRegistry strategies,
                        @Reference LatestValues latest, Config config) {
        this.topology = topology;
        this.strategies = strategies;
        this.latest = latest;
        this.config = config;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gridhub-dispatch-loop");
            t.setDaemon(true);
            return t;
        });
        if (config.enabled()) {
            executor.scheduleWithFixedDelay(this::runOnce, config.initialDelaySeconds(),
                    Math.max(1, config.periodSeconds()), TimeUnit.SECONDS);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDispatcher(Dispatcher d) {
        dispatchers.add(d);
    }

    void removeDispatcher(Dispatcher d) {
        dispatchers.remove(d);
    }

    @Deactivate
    void deactivate() {
        executor.shutdownNow();
    }

    @Override
    public Optional<Plan> latest(String communityId) {
        return Optional.ofNullable(plans.get(communityId));
    }

    @Override
    public Optional<Plan> latest() {
        return Optional.ofNullable(newest);
    }

    /** One round: a plan for every community. Never throws: the schedule must survive a bad round. */
    void runOnce() {
        try {
            DayPrices prices = prices();
            for (Community c : topology.communities()) {
                Scenario s = ScenarioFactory.build(c, Instant.now(), Duration.ofMinutes(config.stepMinutes()),
                        config.horizonHours() * 60 / config.stepMinutes(), ZoneId.of(config.timeZone()),
                        id -> latest.latest(id).filter(x -> x.quality().isGood()).map(Sample::value), prices,
                        Duration.ofSeconds(config.timeLimitSeconds()));
                Plan p = plan(s);
                plans.put(c.id(), p);
                newest = p;
            }
            problem(null);
        } catch (RuntimeException | IOException e) {
            problem("dispatch round failed: " + e);
        }
    }

    private Plan plan(Scenario s) {
        Optional<Dispatcher> active = strategies.active(StrategyRole.DISPATCH, Dispatcher.class);
        if (active.isPresent()) {
            try {
                return active.get().plan(s);
            } catch (RuntimeException e) {
                problem("dispatch strategy " + active.get().name() + " failed, rules plan instead: " + e);
            }
        }
        Dispatcher rules = dispatchers.stream().filter(d -> d.name().equals("rules")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no dispatch strategy is deployed"));
        return rules.plan(s);
    }

    private DayPrices prices() throws IOException {
        String f = config.pricesFile();
        if (f == null || f.isBlank()) {
            return DayPrices.FLAT;
        }
        Path p = Path.of(f);
        if (!Files.exists(p)) {
            problem("no prices file " + p + ": flat prices");
            return DayPrices.FLAT;
        }
        return DayPrices.read(p);
    }

    /** Logs a warning when the problem changes (not every round), and once when it is gone. */
    private void problem(String p) {
        String before = lastProblem;
        lastProblem = p;
        if (p != null && !p.equals(before)) {
            LOG.warn(p);
        } else if (p == null && before != null) {
            LOG.info("dispatch planning works again");
        }
    }
}
