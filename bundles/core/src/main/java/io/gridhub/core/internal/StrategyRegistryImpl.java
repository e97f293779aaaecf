package io.gridhub.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridhub.api.audit.AuditException;
import io.gridhub.api.audit.AuditTrail;
import io.gridhub.api.governance.PolicyGovernance;
import io.gridhub.api.governance.PolicyProposal;
import io.gridhub.api.strategy.Strategy;
import io.gridhub.api.strategy.StrategyActivation;
import io.gridhub.api.strategy.StrategyInfo;
import io.gridhub.api.strategy.StrategyRegistry;
import io.gridhub.api.strategy.StrategyRole;
import io.gridhub.api.strategy.StrategyState;
import io.gridhub.api.time.HubClock;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
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
 * Tracks every {@link Strategy} service and picks the active one per role.
 * <p>
 * Governed ({@code requireApproval}, the default): the strategy an approved {@link StrategyActivation} policy in
 * force names ({@code strategy-<role>}: exactly that name and version) is active once it is deployed. Without such
 * an approval the active one stays active; a newly deployed version is a candidate. Only when nothing is active
 * (the hub starts, or the active bundle left) does the lowest version of the configured name (or of any name) start
 * — the version the hub was reviewed with, never a newer one that arrived later. Governance is checked every
 * {@code approvalCheckSeconds}, so an approval or its effective date takes effect without a restart. Without a
 * {@link PolicyGovernance} service nothing can be approved: a warning says so, and the highest version is active
 * as before until governance appears (then the rule above applies, from the lowest version).
 * <p>
 * Ungoverned ({@code requireApproval = false}): the configured name at its highest version, or with no name
 * configured the highest version of any name, so a bundle dropped into deploy/ takes over as soon as its service
 * registers. Every change of the active strategy is appended to the {@link AuditTrail} (channel {@code strategy});
 * an approved change the trail refuses to record is not made.
 */
@Component(
        service = StrategyRegistry.class,
        configurationPid = StrategyRegistryImpl.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = StrategyRegistryImpl.Config.class)
public final class StrategyRegistryImpl implements StrategyRegistry {
    static final String PID = "io.gridhub.core.strategies";
    static final String CHANNEL = "strategy";
    static final String ACTOR = "strategy-registry";
    private static final Logger LOG = LoggerFactory.getLogger(StrategyRegistryImpl.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REPLACEMENT_GRACE_SECONDS = 5;

    @ObjectClassDefinition(name = "gridhub strategies", description = "Which strategy is active per role")
    public @interface Config {
        @AttributeDefinition(required = false, description = "Active forecast strategy (empty: any name)")
        String forecast() default "";

        @AttributeDefinition(required = false, description = "Active dispatch strategy (empty: any name)")
        String dispatch() default "";

        @AttributeDefinition(required = false, description = "Active allocation strategy (empty: any name)")
        String allocation() default "";

        @AttributeDefinition(required = false, description = "Active anomaly strategy (empty: any name)")
        String anomaly() default "";

        @AttributeDefinition(required = false, description = "Active test strategy (empty: any name)")
        String test() default "";

        @AttributeDefinition(
                description = "A new strategy version becomes active only once a governance lead has "
                        + "approved a strategy-activation policy naming it; false: the highest version takes "
                        + "over at once")
        boolean requireApproval() default true;

        @AttributeDefinition(description = "How often approvals (and their effective dates) are checked, seconds")
        int approvalCheckSeconds() default 10;
    }

    private record Entry(Strategy strategy, String bundle, Instant since) {}

    /** Why a strategy is the active one, and the approved proposal behind it, if any. */
    private record Choice(Strategy strategy, String why, PolicyProposal approval) {}

    private final Clock clock;
    private final Map<Strategy, Entry> entries = new ConcurrentHashMap<>();
    private final Map<StrategyRole, String> chosen = new EnumMap<>(StrategyRole.class);
    private final Map<StrategyRole, Strategy> active = new EnumMap<>(StrategyRole.class);
    /** Roles whose active strategy was chosen under governance (it may then stay active without an approval). */
    private final Map<StrategyRole, Boolean> governedChoice = new EnumMap<>(StrategyRole.class);
    /** The last warning per role, so that a check every few seconds warns once per change. */
    private final Map<StrategyRole, String> warned = new EnumMap<>(StrategyRole.class);

    private final ScheduledExecutorService checks;
    private boolean requireApproval = true;
    private volatile PolicyGovernance governance;
    private volatile AuditTrail trail;
    private boolean warnedUngoverned;

    @Activate
    public StrategyRegistryImpl(Config config, @Reference HubClock time) {
        this(config, time.clock(), true);
    }

    StrategyRegistryImpl(Config config, Clock clock) {
        this(config, clock, false);
    }

    private StrategyRegistryImpl(Config config, Clock clock, boolean checkPeriodically) {
        this.clock = clock;
        configure(config);
        if (checkPeriodically) {
            checks = Daemons.scheduler("gridhub-strategy-approvals");
            long every = Math.max(1, config.approvalCheckSeconds());
            checks.scheduleWithFixedDelay(this::recheck, every, every, TimeUnit.SECONDS);
        } else {
            checks = null;
        }
    }

    @Deactivate
    void deactivate() {
        if (checks != null) {
            checks.shutdownNow();
        }
    }

    @Modified
    void modified(Config config) {
        configure(config);
    }

    private synchronized void configure(Config config) {
        chosen.clear();
        requireApproval = config.requireApproval();
        put(StrategyRole.FORECAST, config.forecast());
        put(StrategyRole.DISPATCH, config.dispatch());
        put(StrategyRole.ALLOCATION, config.allocation());
        put(StrategyRole.ANOMALY, config.anomaly());
        put(StrategyRole.TEST, config.test());
        if (!requireApproval) {
            LOG.warn(
                    "strategy activation is not governed (requireApproval = false in {}): a newly deployed "
                            + "version takes over its role without approval",
                    PID);
        }
        electAll();
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

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindGovernance(PolicyGovernance g) {
        governance = g;
        warnedUngoverned = false;
        electAll();
    }

    synchronized void unbindGovernance(PolicyGovernance g) {
        if (governance == g) {
            governance = null;
        }
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindAuditTrail(AuditTrail t) {
        trail = t;
    }

    void unbindAuditTrail(AuditTrail t) {
        if (trail == t) {
            trail = null;
        }
    }

    /** Re-reads approvals: an approval, or the effective date of one, changes the active strategy. */
    synchronized void recheck() {
        try {
            electAll();
        } catch (RuntimeException e) {
            LOG.warn("checking strategy activations failed: {}", e.toString());
        }
    }

    private void electAll() {
        for (StrategyRole role : StrategyRole.values()) {
            elect(role);
        }
    }

    private void elect(StrategyRole role) {
        Strategy old = active.get(role);
        Choice choice = choose(role, old);
        Strategy best = choice == null ? null : choice.strategy();
        if (best == old) {
            if (best != null) {
                governedChoice.put(role, governed());
            }
            return;
        }
        String subject = StrategyActivation.policyId(role);
        String detail = (best == null ? "none" : best.name() + " " + best.version()) + " (was "
                + (old == null ? "none" : old.name() + " " + old.version()) + ")"
                + (choice == null ? "" : "; " + choice.why());
        AuditTrail t = trail;
        if (t != null) {
            try {
                t.append(ACTOR, CHANNEL, "strategy.activate", subject, best == null ? "none active" : "active", detail);
            } catch (AuditException | RuntimeException e) {
                if (choice != null && choice.approval() != null && old != null && entries.containsKey(old)) {
                    warnOnce(
                            role,
                            "the audit trail refused to record the activation of " + best.name() + " "
                                    + best.version() + ", so " + old.name() + " " + old.version() + " stays active: "
                                    + e.getMessage());
                    return;
                }
                LOG.warn("the audit trail refused to record {} strategy: {}: {}", role, detail, e.getMessage());
            }
        }
        warned.remove(role);
        if (best == null) {
            active.remove(role);
            governedChoice.remove(role);
            // An in-place bundle update unregisters the old service just before the new one registers: warn only
            // if the gap outlasts that.
            String name = chosen.get(role);
            String what = role + " strategy" + (name == null ? "" : " named " + name);
            LOG.info(
                    "no {} is active now (was {} {}); waiting {} s for a replacement",
                    what,
                    old.name(),
                    old.version(),
                    REPLACEMENT_GRACE_SECONDS);
            CompletableFuture.delayedExecutor(REPLACEMENT_GRACE_SECONDS, TimeUnit.SECONDS)
                    .execute(() -> {
                        synchronized (this) {
                            if (!active.containsKey(role)) {
                                LOG.warn("no {} is active (was {} {})", what, old.name(), old.version());
                            }
                        }
                    });
        } else {
            active.put(role, best);
            governedChoice.put(role, governed());
            LOG.info(
                    "{} strategy {} {} is active{}: {}",
                    role,
                    best.name(),
                    best.version(),
                    old == null ? "" : " (was " + old.name() + " " + old.version() + ")",
                    choice.why());
        }
    }

    private boolean governed() {
        return requireApproval && governance != null;
    }

    /** The strategy that should be active for a role; null when none may be. */
    private Choice choose(StrategyRole role, Strategy old) {
        String name = chosen.get(role);
        List<Strategy> deployed = entries.keySet().stream()
                .filter(s -> s.role() == role)
                .sorted(Comparator.comparing((Strategy s) -> new SemVer(s.version()))
                        .thenComparing(Strategy::name))
                .toList();
        List<Strategy> named = deployed.stream()
                .filter(s -> name == null || name.equals(s.name()))
                .toList();
        if (!requireApproval) {
            return named.isEmpty()
                    ? null
                    : new Choice(
                            named.get(named.size() - 1), "the highest version " + "(requireApproval = false)", null);
        }
        PolicyGovernance g = governance;
        if (g == null) {
            if (!warnedUngoverned && !deployed.isEmpty()) {
                warnedUngoverned = true;
                LOG.warn("strategy activation is ungoverned: no policy governance is running, so no activation can "
                        + "be approved; the highest version is active until governance is there");
            }
            return named.isEmpty()
                    ? null
                    : new Choice(named.get(named.size() - 1), "the highest version (no " + "governance running)", null);
        }
        boolean oldStays = old != null && entries.containsKey(old) && governedChoice.getOrDefault(role, false);
        Optional<PolicyProposal> approval = g.inForce(StrategyActivation.policyId(role), clock.instant());
        if (approval.isPresent()) {
            PolicyProposal a = approval.get();
            Optional<StrategyActivation> act = activation(a);
            if (act.isEmpty() || act.get().role() != role) {
                warnOnce(role, a.ref() + " is not a strategy activation of the role " + role + "; it is ignored");
            } else {
                StrategyActivation x = act.get();
                Optional<Strategy> match = deployed.stream()
                        .filter(s ->
                                s.name().equals(x.strategy()) && s.version().equals(x.strategyVersion()))
                        .findFirst();
                if (match.isPresent()) {
                    if (name != null && !name.equals(x.strategy())) {
                        warnOnce(
                                role,
                                "the approved " + x.strategy() + " " + x.strategyVersion() + " (" + a.ref()
                                        + ") is active although " + PID + " names " + name + ": the approval wins");
                    }
                    return new Choice(
                            match.get(),
                            "approved by " + a.decidedBy() + " (" + a.ref() + ", proposal " + a.id() + ")",
                            a);
                }
                warnOnce(
                        role,
                        "the approved " + role + " strategy " + x.strategy() + " " + x.strategyVersion() + " ("
                                + a.ref() + ") is not deployed"
                                + (oldStays ? "; " + old.name() + " " + old.version() + " stays active" : ""));
            }
        }
        if (oldStays && (name == null || name.equals(old.name()) || approval.isPresent())) {
            return new Choice(old, "active before", null);
        }
        return named.isEmpty()
                ? null
                : new Choice(
                        named.get(0),
                        "the lowest version deployed"
                                + (name == null ? "" : " of " + name)
                                + ": no activation approved yet (a newer version is a "
                                + "candidate until a " + StrategyActivation.KIND + " policy "
                                + StrategyActivation.policyId(role)
                                + " is approved)",
                        null);
    }

    private static Optional<StrategyActivation> activation(PolicyProposal p) {
        try {
            JsonNode n = JSON.readTree(p.content());
            String role = n.path("role").asText("");
            StrategyRole r = null;
            for (StrategyRole x : StrategyRole.values()) {
                if (x.name().equalsIgnoreCase(role)) {
                    r = x;
                }
            }
            String name = n.path("strategy").asText(null);
            String version = n.path("strategyVersion").asText(null);
            if (r == null
                    || name == null
                    || version == null
                    || !StrategyActivation.KIND.equals(n.path("kind").asText())) {
                return Optional.empty();
            }
            return Optional.of(new StrategyActivation(r, name, version));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void warnOnce(StrategyRole role, String message) {
        if (!Objects.equals(warned.put(role, message), message)) {
            LOG.warn("{}", message);
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
            boolean on = active.get(s.role()) == s;
            list.add(new StrategyInfo(
                    s.role(),
                    s.name(),
                    s.version(),
                    e.bundle(),
                    on,
                    e.since(),
                    on ? StrategyState.ACTIVE : StrategyState.CANDIDATE));
        }
        list.sort(Comparator.comparing(StrategyInfo::role)
                .thenComparing(StrategyInfo::name)
                .thenComparing(i -> new SemVer(i.version())));
        return list;
    }
}
