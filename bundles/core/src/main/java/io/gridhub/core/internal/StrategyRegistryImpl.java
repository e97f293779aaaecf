package io.gridhub.core.internal;

import io.gridhub.api.strategy.Strategy;
import io.gridhub.api.strategy.StrategyInfo;
import io.gridhub.api.strategy.StrategyRegistry;
import io.gridhub.api.strategy.StrategyRole;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks every {@link Strategy} service. Per role the active one is the configured name at its highest version,
 * or with no name configured the highest version of any name. Services come and go with their bundles, so a
 * strategy bundle dropped into deploy/ takes over as soon as its service is registered.
 */
@Component(service = StrategyRegistry.class, configurationPid = StrategyRegistryImpl.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = StrategyRegistryImpl.Config.class)
public final class StrategyRegistryImpl implements StrategyRegistry {
    static final String PID = "io.gridhub.core.strategies";
    private static final Logger LOG = LoggerFactory.getLogger(StrategyRegistryImpl.class);
    private static final int REPLACEMENT_GRACE_SECONDS = 5;

    @ObjectClassDefinition(name = "gridhub strategies", description = "Which strategy is active per role")
    public @interface Config {
        @AttributeDefinition(required = false, description = "Active forecast strategy (empty: highest version)")
        String forecast() default "";

        @AttributeDefinition(required = false, description = "Active dispatch strategy (empty: highest version)")
        String dispatch() default "";

        @AttributeDefinition(required = false, description = "Active allocation strategy (empty: highest version)")
        String allocation() default "";

        @AttributeDefinition(required = false, description = "Active anomaly strategy (empty: highest version)")
        String anomaly() default "";

        @AttributeDefinition(required = false, description = "Active test strategy (empty: highest version)")
        String test() default "";
    }

    private record Entry(Strategy strategy, String bundle, Instant since) {
    }

    private final Clock clock;
    private final Map<Strategy, Entry> entries = new ConcurrentHashMap<>();
    private final Map<StrategyRole, String> chosen = new EnumMap<>(StrategyRole.class);
    private final Map<StrategyRole, Strategy> active = new EnumMap<>(StrategyRole.class);

    @Activate
    public StrategyRegistryImpl(Config config) {
        this(config, Clock.systemUTC());
    }

    StrategyRegistryImpl(Config config, Clock clock) {
        this.clock = clock;
        configure(config);
    }

    @Modified
    void modified(Config config) {
        configure(config);
    }

    private synchronized void configure(Config config) {
        chosen.clear();
        put(StrategyRole.FORECAST, config.forecast());
        put(StrategyRole.DISPATCH, config.dispatch());
        put(StrategyRole.ALLOCATION, config.allocation());
        put(StrategyRole.ANOMALY, config.anomaly());
        put(StrategyRole.TEST, config.test());
        for (StrategyRole role : StrategyRole.values()) {
            elect(role);
        }
    }

    private void put(StrategyRole role, String name) {
        if (name != null && !name.isBlank()) {
            chosen.put(role, name.trim());
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void addStrategy(Strategy strategy) {
        Bundle b = FrameworkUtil.getBundle(strategy.getClass());
        String bundle = b == null ? "" : b.getSymbolicName() + " " + b.getVersion();
        entries.put(strategy, new Entry(strategy, bundle, clock.instant()));
        elect(strategy.role());
    }

    synchronized void removeStrategy(Strategy strategy) {
        if (entries.remove(strategy) != null) {
            elect(strategy.role());
        }
    }

    private void elect(StrategyRole role) {
        String name = chosen.get(role);
        Strategy best = entries.keySet().stream()
                .filter(s -> s.role() == role && (name == null || name.equals(s.name())))
                .max(Comparator.comparing((Strategy s) -> new SemVer(s.version()))).orElse(null);
        Strategy old = active.get(role);
        if (best == old) {
            return;
        }
        if (best == null) {
            active.remove(role);
            // An in-place bundle update unregisters the old service just before the new one registers: warn only
            // if the gap outlasts that.
            String what = role + " strategy" + (name == null ? "" : " named " + name);
            LOG.info("no {} is active now (was {} {}); waiting {} s for a replacement", what, old.name(),
                    old.version(), REPLACEMENT_GRACE_SECONDS);
            CompletableFuture.delayedExecutor(REPLACEMENT_GRACE_SECONDS, TimeUnit.SECONDS).execute(() -> {
                synchronized (this) {
                    if (!active.containsKey(role)) {
                        LOG.warn("no {} is deployed (was {} {})", what, old.name(), old.version());
                    }
                }
            });
        } else {
            active.put(role, best);
            LOG.info("{} strategy {} {} is active{}", role, best.name(), best.version(),
                    old == null ? "" : " (was " + old.name() + " " + old.version() + ")");
        }
    }

    @Override
    public synchronized <T extends Strategy> Optional<T> active(StrategyRole role, Class<T> type) {
        Strategy s = active.get(role);
        return type.isInstance(s) ? Optional.of(type.cast(s)) : Optional.empty();
    }

    @Override
    public synchronized List<StrategyInfo> strategies() {
        List<StrategyInfo> list = new ArrayList<>();
        for (Entry e : entries.values()) {
            Strategy s = e.strategy();
            list.add(new StrategyInfo(s.role(), s.name(), s.version(), e.bundle(), active.get(s.role()) == s,
                    e.since()));
        }
        list.sort(Comparator.comparing(StrategyInfo::role).thenComparing(StrategyInfo::name)
                .thenComparing(i -> new SemVer(i.version())));
        return list;
    }
}
