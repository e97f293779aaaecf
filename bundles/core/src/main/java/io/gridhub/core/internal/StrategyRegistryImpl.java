package io.gridhub.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridhub.api.audit.AuditException;
import io.gridhub.api.audit.AuditTrail;
import io.gridhub.api.concurrent.Daemons;
import io.gridhub.api.event.HubEvents;
import io.gridhub.api.event.Severity;
import io.gridhub.api.governance.Actor;
import io.gridhub.api.governance.GovernanceException;
import io.gridhub.api.governance.PolicyGovernance;
import io.gridhub.api.governance.PolicyProposal;
import io.gridhub.api.loop.ControlMode;
import io.gridhub.api.loop.OperatingLoop;
import io.gridhub.api.strategy.Strategy;
import io.gridhub.api.strategy.StrategyActivation;
import io.gridhub.api.strategy.StrategyException;
import io.gridhub.api.strategy.StrategyInfo;
import io.gridhub.api.strategy.StrategyRegistry;
import io.gridhub.api.strategy.StrategyRole;
import io.gridhub.api.strategy.StrategyState;
import io.gridhub.api.strategy.StrategyTransition;
import io.gridhub.api.time.HubClock;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
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
 * Tracks every {@link Strategy} service and runs the strategy lifecycle per role: a deployed version is a
 * {@linkplain StrategyState#CANDIDATE candidate}; an operator puts it in {@linkplain StrategyState#SHADOW shadow},
 * promotes it (the active one retires) and rolls back (the version active before returns); a guard rail
 * {@linkplain StrategyState#QUARANTINED quarantines} one that misbehaves, and the version before keeps running.
 * <p>
 * Promotion is governed where the role is: allocation always, dispatch while any community is autonomous (or no
 * loop says otherwise). There a promotion files a {@code strategy-activation} proposal, and the version becomes
 * active once a governance lead approves it; an approval in force for any role is followed once (a later rollback
 * or quarantine overrides it until the next approval). Approvals are checked every {@code approvalCheckSeconds}.
 * <p>
 * Which version is active, the shadow, the history of actives (for rollbacks) and every retirement and quarantine
 * with its reason are kept in {@code stateFile}, so a restart keeps them. With nothing chosen yet (a first start,
 * or the chosen bundle left with no earlier version deployed) the lowest version of the configured name (or of any
 * name) starts — the version the hub was reviewed with, never a newer one that arrived later.
 * <p>
 * Ungoverned ({@code requireApproval = false}): no promotion needs an approval, and approvals are not followed; a
 * newly deployed version is still a candidate until it is promoted. Every change is appended to the {@link
 * AuditTrail} (channel {@code strategy}); a change the trail refuses to record is not made.
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

    @ObjectClassDefinition(name = "gridhub strategies", description = "The strategy lifecycle per role")
    public @interface Config {
        @AttributeDefinition(required = false, description = "Default forecast strategy (empty: any name)")
        String forecast() default "";

        @AttributeDefinition(required = false, description = "Default dispatch strategy (empty: any name)")
        String dispatch() default "";

        @AttributeDefinition(required = false, description = "Default allocation strategy (empty: any name)")
        String allocation() default "";

        @AttributeDefinition(required = false, description = "Default anomaly strategy (empty: any name)")
        String anomaly() default "";

        @AttributeDefinition(required = false, description = "Default test strategy (empty: any name)")
        String test() default "";

        @AttributeDefinition(
                description = "Promotions of governed roles (allocation; dispatch in autonomous communities) need a "
                        + "governance lead's approval; false: every promotion takes effect at once")
        boolean requireApproval() default true;

        @AttributeDefinition(description = "How often approvals (and their effective dates) are checked, seconds")
        int approvalCheckSeconds() default 10;

        @AttributeDefinition(
                required = false,
                description = "Where the lifecycle state is kept; empty: ${karaf.data}/gridhub/strategies.json")
        String stateFile() default "";
    }

    private record Entry(Strategy strategy, String bundle, Instant since) {}

    /** Why a strategy is the active one, and the approved proposal behind it, if any. */
    private record Choice(Strategy strategy, String why, PolicyProposal approval) {}

    private final Clock clock;
    private final Map<Strategy, Entry> entries = new ConcurrentHashMap<>();
    private final Map<StrategyRole, String> chosen = new EnumMap<>(StrategyRole.class);
    private final Map<StrategyRole, Strategy> active = new EnumMap<>(StrategyRole.class);
    private final Map<StrategyRole, Strategy> shadow = new EnumMap<>(StrategyRole.class);
    /** The last warning per role, so that a check every few seconds warns once per change. */
    private final Map<StrategyRole, String> warned = new EnumMap<>(StrategyRole.class);

    private final ScheduledExecutorService checks;
    private final LifecycleBook book;
    private boolean requireApproval = true;
    private boolean configured;
    private volatile PolicyGovernance governance;

    // Optional services read where they are used (DS sets the fields; tests too).
    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AuditTrail trail;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile HubEvents events;

    /**
     * The loop, which says whether dispatch is governed (any community planning autonomously). Not a DS reference:
     * the loop references this registry, and a reference back would be a cycle DS reports at every start; it is
     * looked up when asked ({@link #loop()}). Tests set it.
     */
    volatile OperatingLoop loop;

    @Activate
    public StrategyRegistryImpl(Config config, @Reference HubClock time) {
        this(config, time.clock(), LifecycleBook.at(StateFiles.of(config.stateFile(), "strategies.json")), true);
    }

    /** Kept in memory only, checked by the caller ({@link #recheck()}). */
    StrategyRegistryImpl(Config config, Clock clock) {
        this(config, clock, LifecycleBook.inMemory(), false);
    }

    StrategyRegistryImpl(Config config, Clock clock, LifecycleBook book, boolean checkPeriodically) {
        this.clock = clock;
        this.book = book;
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
        Map<StrategyRole, String> before = new EnumMap<>(chosen);
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
        for (StrategyRole role : StrategyRole.values()) {
            if (configured && !Objects.equals(before.get(role), chosen.get(role))) {
                // A new default name is an operator's decision: the choice made under the old one no longer stands.
                book.role(role).active = null;
            }
        }
        configured = true;
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
        LifecycleBook.Mark mark = book.mark(key(strategy));
        if (mark != null && mark.state() == StrategyState.SHADOW && !shadow.containsKey(strategy.role())) {
            shadow.put(strategy.role(), strategy);
        }
        if (mark != null && mark.state() == StrategyState.QUARANTINED) {
            LOG.warn(
                    "{} {} {} is deployed but quarantined: {}",
                    strategy.role(),
                    strategy.name(),
                    strategy.version(),
                    mark.reason());
        }
        elect(strategy.role());
    }

    synchronized void removeStrategy(Strategy strategy) {
        if (entries.remove(strategy) != null) {
            if (shadow.get(strategy.role()) == strategy) {
                shadow.remove(strategy.role());
            }
            elect(strategy.role());
        }
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindGovernance(PolicyGovernance g) {
        governance = g;
        electAll();
    }

    synchronized void unbindGovernance(PolicyGovernance g) {
        if (governance == g) {
            governance = null;
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
        Choice choice = choose(role);
        Strategy best = choice == null ? null : choice.strategy();
        if (best == old) {
            return;
        }
        String detail = (best == null ? "none" : best.name() + " " + best.version()) + " (was "
                + (old == null ? "none" : old.name() + " " + old.version()) + ")"
                + (choice == null ? "" : "; " + choice.why());
        try {
            audit("strategy.activate", role, best == null ? "none active" : "active", detail);
        } catch (AuditException | RuntimeException e) {
            if (choice != null && choice.approval() != null && old != null && entries.containsKey(old)) {
                warnOnce(
                        role,
                        "the audit trail refused to record the activation of " + best.name() + " " + best.version()
                                + ", so " + old.name() + " " + old.version() + " stays active: " + e.getMessage());
                return;
            }
            LOG.warn("the audit trail refused to record {} strategy: {}: {}", role, detail, e.getMessage());
        }
        warned.remove(role);
        LifecycleBook.Role r = book.role(role);
        if (best == null) {
            active.remove(role);
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
            return;
        }
        active.put(role, best);
        if (shadow.get(role) == best) {
            shadow.remove(role);
        }
        LifecycleBook.Key now = key(best);
        if (choice.approval() != null && !now.equals(r.active)) {
            if (r.active != null) {
                r.pushHistory(r.active);
                book.mark(r.active, StrategyState.RETIRED, clock.instant(), "replaced by " + best.version());
            }
            r.active = now;
        } else if (r.active == null) {
            // The first choice is kept; a stand-in (the chosen one is not deployed yet, or left) does not replace it.
            r.active = now;
        }
        if (choice.approval() != null) {
            r.followedApproval = choice.approval().id();
        }
        book.mark(now, StrategyState.ACTIVE, clock.instant(), choice.why());
        book.save();
        LOG.info(
                "{} strategy {} {} is active{}: {}",
                role,
                best.name(),
                best.version(),
                old == null ? "" : " (was " + old.name() + " " + old.version() + ")",
                choice.why());
    }

    /** The strategy that should be active for a role; null when none may be. */
    private Choice choose(StrategyRole role) {
        String name = chosen.get(role);
        List<Strategy> usable = entries.keySet().stream()
                .filter(s -> s.role() == role && !quarantined(s))
                .sorted(Comparator.comparing((Strategy s) -> new SemVer(s.version()))
                        .thenComparing(Strategy::name))
                .toList();
        LifecycleBook.Role r = book.role(role);
        Choice approved = approved(role, usable, r);
        if (approved != null) {
            return approved;
        }
        Optional<Strategy> kept = find(usable, r.active);
        if (kept.isPresent()) {
            return new Choice(kept.get(), "active before", null);
        }
        for (int i = r.history.size() - 1; i >= 0; i--) {
            Optional<Strategy> back = find(usable, r.history.get(i));
            if (back.isPresent()) {
                return new Choice(
                        back.get(),
                        "the version active before it (" + r.history.get(i).version() + ")",
                        null);
            }
        }
        List<Strategy> named = usable.stream()
                .filter(s -> name == null || name.equals(s.name()))
                .toList();
        if (named.isEmpty()) {
            return null;
        }
        return new Choice(
                named.get(0),
                "the lowest version deployed" + (name == null ? "" : " of " + name)
                        + ": nothing was chosen before (a newer version is a candidate until it is promoted)",
                null);
    }

    /** The strategy an approval in force names, unless it was followed already and overridden since. */
    private Choice approved(StrategyRole role, List<Strategy> usable, LifecycleBook.Role r) {
        PolicyGovernance g = governance;
        if (!requireApproval || g == null) {
            return null;
        }
        Optional<PolicyProposal> approval = g.inForce(StrategyActivation.policyId(role), clock.instant());
        if (approval.isEmpty() || approval.get().id() == r.overriddenApproval) {
            return null;
        }
        PolicyProposal a = approval.get();
        Optional<StrategyActivation> act = activation(a);
        if (act.isEmpty() || act.get().role() != role) {
            warnOnce(role, a.ref() + " is not a strategy activation of the role " + role + "; it is ignored");
            return null;
        }
        StrategyActivation x = act.get();
        Optional<Strategy> match = find(usable, new LifecycleBook.Key(role, x.strategy(), x.strategyVersion()));
        if (match.isEmpty()) {
            warnOnce(
                    role,
                    "the approved " + role + " strategy " + x.strategy() + " " + x.strategyVersion() + " (" + a.ref()
                            + ") is not deployed or is quarantined; the active one stays");
            return null;
        }
        String name = chosen.get(role);
        if (name != null && !name.equals(x.strategy())) {
            warnOnce(
                    role,
                    "the approved " + x.strategy() + " " + x.strategyVersion() + " (" + a.ref() + ") is active "
                            + "although " + PID + " names " + name + ": the approval wins");
        }
        return new Choice(
                match.get(), "approved by " + a.decidedBy() + " (" + a.ref() + ", proposal " + a.id() + ")", a);
    }

    private static Optional<Strategy> find(List<Strategy> among, LifecycleBook.Key key) {
        return key == null
                ? Optional.empty()
                : among.stream().filter(s -> key(s).equals(key)).findFirst();
    }

    private boolean quarantined(Strategy s) {
        LifecycleBook.Mark m = book.mark(key(s));
        return m != null && m.state() == StrategyState.QUARANTINED;
    }

    private static LifecycleBook.Key key(Strategy s) {
        return new LifecycleBook.Key(s.role(), s.name(), s.version());
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

    private void audit(String action, StrategyRole role, String outcome, String detail) throws AuditException {
        audit(ACTOR, action, role, outcome, detail);
    }

    private void audit(String actor, String action, StrategyRole role, String outcome, String detail)
            throws AuditException {
        AuditTrail t = trail;
        if (t != null) {
            t.append(actor, CHANNEL, action, StrategyActivation.policyId(role), outcome, detail);
        }
    }

    /** Audits an operator's lifecycle call; a call the trail refuses to record is not made. */
    private void auditOrRefuse(String actor, String action, StrategyRole role, String outcome, String detail)
            throws StrategyException {
        try {
            audit(actor, action, role, outcome, detail);
        } catch (AuditException | RuntimeException e) {
            throw new StrategyException(
                    StrategyException.Kind.REFUSED,
                    "not done: the audit trail refused to record it (" + e.getMessage() + ")");
        }
    }

    @Override
    public synchronized <T extends Strategy> Optional<T> active(StrategyRole role, Class<T> type) {
        return as(active.get(role), type);
    }

    @Override
    public synchronized <T extends Strategy> Optional<T> shadow(StrategyRole role, Class<T> type) {
        return as(shadow.get(role), type);
    }

    @Override
    public boolean governed(StrategyRole role) {
        if (!requireApproval) {
            return false;
        }
        return switch (role) {
            case ALLOCATION -> true;
            case DISPATCH -> anyAutonomous();
            default -> false;
        };
    }

    /** Whether any community plans autonomously; with no loop to ask, assume so (the safe side). */
    private boolean anyAutonomous() {
        if (loop != null) {
            return anyAutonomous(loop);
        }
        Bundle b = FrameworkUtil.getBundle(getClass());
        BundleContext context = b == null ? null : b.getBundleContext();
        ServiceReference<OperatingLoop> ref = context == null ? null : context.getServiceReference(OperatingLoop.class);
        OperatingLoop l = ref == null ? null : context.getService(ref);
        if (l == null) {
            return true;
        }
        try {
            return anyAutonomous(l);
        } finally {
            context.ungetService(ref);
        }
    }

    private static boolean anyAutonomous(OperatingLoop l) {
        try {
            return l.communities().stream().anyMatch(c -> l.authority(c).mode() == ControlMode.AUTONOMOUS);
        } catch (RuntimeException e) {
            return true;
        }
    }

    @Override
    public synchronized StrategyTransition shadow(StrategyRole role, String name, String version, String actor)
            throws StrategyException {
        Strategy s = runnable(role, name, version);
        if (active.get(role) == s) {
            throw conflict(s, "is the active " + role + " strategy; only another version can run in shadow");
        }
        Strategy before = shadow.get(role);
        if (before == s) {
            return new StrategyTransition(info(s), false, 0, label(s) + " is in shadow already");
        }
        String detail = label(s) + " in shadow" + (before == null ? "" : " (was " + label(before) + ")");
        auditOrRefuse(actor, "strategy.shadow", role, "shadow", detail);
        shadow.put(role, s);
        if (before != null) {
            book.mark(key(before), StrategyState.CANDIDATE, clock.instant(), "shadow ended: " + label(s) + " instead");
        }
        book.mark(key(s), StrategyState.SHADOW, clock.instant(), "put in shadow by " + actor);
        book.save();
        LOG.info("{} strategy {} runs in shadow ({})", role, label(s), actor);
        return new StrategyTransition(info(s), false, 0, detail);
    }

    @Override
    public synchronized StrategyTransition promote(StrategyRole role, String name, String version, String actor)
            throws StrategyException {
        Strategy s = runnable(role, name, version);
        if (active.get(role) == s) {
            return new StrategyTransition(info(s), false, 0, label(s) + " is active already");
        }
        if (governed(role)) {
            return proposeActivation(s, actor);
        }
        Strategy old = active.get(role);
        String detail = label(s) + " (was " + (old == null ? "none" : label(old)) + "); promoted by " + actor;
        auditOrRefuse(actor, "strategy.promote", role, "active", detail);
        switchTo(s, old, "promoted by " + actor, "replaced by " + s.version() + " (promoted by " + actor + ")");
        LOG.info("{} strategy {} is active: {}", role, label(s), detail);
        return new StrategyTransition(info(s), false, 0, detail);
    }

    private StrategyTransition proposeActivation(Strategy s, String actor) throws StrategyException {
        PolicyGovernance g = governance;
        if (g == null) {
            throw new StrategyException(
                    StrategyException.Kind.REFUSED,
                    "promoting a " + s.role() + " strategy needs a governance lead's approval, and no policy "
                            + "governance is running");
        }
        // Allocation methods run side by side: the settlement reads each method's activation.
        String policy = s.role() == StrategyRole.ALLOCATION
                ? StrategyActivation.allocationPolicyId(s.name())
                : StrategyActivation.policyId(s.role());
        int version = g.proposals().stream()
                        .filter(p -> p.policyId().equals(policy))
                        .mapToInt(PolicyProposal::version)
                        .max()
                        .orElse(0)
                + 1;
        String json = JSON.createObjectNode()
                .put("id", policy)
                .put("version", version)
                .put("kind", StrategyActivation.KIND)
                .put("role", s.role().name().toLowerCase(Locale.ROOT))
                .put("strategy", s.name())
                .put("strategyVersion", s.version())
                .toString();
        PolicyProposal p;
        try {
            p = g.propose(json, clock.instant(), new Actor(actor, Set.of(Actor.OPERATOR), actor));
        } catch (GovernanceException | RuntimeException e) {
            throw new StrategyException(
                    StrategyException.Kind.REFUSED, "the activation proposal was refused: " + e.getMessage());
        }
        String detail =
                label(s) + " waits for a governance lead's approval of " + p.ref() + " (proposal " + p.id() + ")";
        try {
            audit(actor, "strategy.promote", s.role(), "pending approval", detail);
        } catch (AuditException | RuntimeException e) {
            LOG.warn("the audit trail refused to record {}: {}", detail, e.getMessage());
        }
        LOG.info("{} strategy {}: {}", s.role(), label(s), detail);
        return new StrategyTransition(info(s), true, p.id(), detail);
    }

    @Override
    public synchronized StrategyTransition rollback(StrategyRole role, String actor) throws StrategyException {
        Strategy old = active.get(role);
        Strategy back = previous(role);
        if (back == null) {
            throw new StrategyException(
                    StrategyException.Kind.NOT_FOUND,
                    "no earlier " + role + " strategy is deployed to roll back to"
                            + (old == null ? "" : " (" + label(old) + " is active)"));
        }
        String detail = label(back) + " (was " + (old == null ? "none" : label(old)) + "); rolled back by " + actor;
        auditOrRefuse(actor, "strategy.rollback", role, "active", detail);
        book.role(role).dropHistory(key(back));
        switchTo(back, old, "rolled back to by " + actor, "rolled back by " + actor);
        if (old != null) {
            book.role(role).dropHistory(key(old));
        }
        book.save();
        LOG.info("{} strategy {} is active again: {}", role, label(back), detail);
        return new StrategyTransition(info(back), false, 0, detail);
    }

    /** The latest version in the role's history that is deployed and not quarantined, other than the active one. */
    private Strategy previous(StrategyRole role) {
        LifecycleBook.Role r = book.role(role);
        List<Strategy> usable = entries.keySet().stream()
                .filter(s -> s.role() == role && !quarantined(s) && s != active.get(role))
                .toList();
        for (int i = r.history.size() - 1; i >= 0; i--) {
            Optional<Strategy> s = find(usable, r.history.get(i));
            if (s.isPresent()) {
                return s.get();
            }
        }
        return null;
    }

    /** Makes {@code next} active now; {@code old} (nullable) retires into the history. */
    private void switchTo(Strategy next, Strategy old, String why, String oldWhy) {
        StrategyRole role = next.role();
        LifecycleBook.Role r = book.role(role);
        overrideApproval(role);
        if (old != null) {
            r.pushHistory(key(old));
            book.mark(key(old), StrategyState.RETIRED, clock.instant(), oldWhy);
        }
        r.active = key(next);
        book.mark(key(next), StrategyState.ACTIVE, clock.instant(), why);
        active.put(role, next);
        if (shadow.get(role) == next) {
            shadow.remove(role);
        }
        book.save();
    }

    /** An operator's or guard rail's change wins over the approval in force until the next approval. */
    private void overrideApproval(StrategyRole role) {
        PolicyGovernance g = governance;
        if (g != null) {
            try {
                g.inForce(StrategyActivation.policyId(role), clock.instant())
                        .ifPresent(a -> book.role(role).overriddenApproval = a.id());
            } catch (RuntimeException e) {
                LOG.warn("reading the {} approval in force failed: {}", role, e.toString());
            }
        }
    }

    @Override
    public synchronized void quarantine(Strategy strategy, String why) {
        StrategyRole role = strategy.role();
        if (quarantined(strategy)) {
            return;
        }
        boolean wasActive = active.get(role) == strategy;
        boolean wasShadow = shadow.get(role) == strategy;
        book.mark(key(strategy), StrategyState.QUARANTINED, clock.instant(), why);
        if (wasShadow) {
            shadow.remove(role);
        }
        String detail = label(strategy) + " quarantined: " + why;
        if (wasActive) {
            Strategy back = previous(role);
            overrideApproval(role);
            active.remove(role);
            LifecycleBook.Role r = book.role(role);
            r.active = null;
            if (back != null) {
                r.dropHistory(key(back));
                r.active = key(back);
                active.put(role, back);
                book.mark(
                        key(back),
                        StrategyState.ACTIVE,
                        clock.instant(),
                        "took over from the quarantined " + label(strategy));
                detail += "; " + label(back) + " runs again";
            } else {
                elect(role);
                Strategy now = active.get(role);
                detail += now == null ? "; no other " + role + " strategy can run" : "; " + label(now) + " runs";
            }
        }
        book.save();
        try {
            audit("strategy.quarantine", role, "quarantined", detail);
        } catch (AuditException | RuntimeException e) {
            LOG.warn("the audit trail refused to record {}: {}", detail, e.getMessage());
        }
        HubEvents ev = events;
        if (ev != null) {
            try {
                ev.raise("", CHANNEL, Severity.ALARM, StrategyActivation.policyId(role), detail);
            } catch (RuntimeException e) {
                LOG.warn("raising the quarantine event failed: {}", e.toString());
            }
        }
        LOG.warn("{} strategy {}", role, detail);
    }

    private Strategy deployed(StrategyRole role, String name, String version) throws StrategyException {
        return entries.keySet().stream()
                .filter(s ->
                        s.role() == role && s.name().equals(name) && s.version().equals(version))
                .findFirst()
                .orElseThrow(() -> new StrategyException(
                        StrategyException.Kind.NOT_FOUND,
                        "no " + role.name().toLowerCase(Locale.ROOT) + " strategy " + name + " " + version
                                + " is deployed"));
    }

    /** The strategy as the type asked for; empty when there is none or it is of another type. */
    private static <T extends Strategy> Optional<T> as(Strategy s, Class<T> type) {
        return type.isInstance(s) ? Optional.of(type.cast(s)) : Optional.empty();
    }

    /** A deployed version that may run (shadow or active): not quarantined. */
    private Strategy runnable(StrategyRole role, String name, String version) throws StrategyException {
        Strategy s = deployed(role, name, version);
        if (quarantined(s)) {
            throw conflict(s, "is quarantined (" + book.mark(key(s)).reason() + "); deploy a fixed version");
        }
        return s;
    }

    private StrategyException conflict(Strategy s, String why) {
        return new StrategyException(StrategyException.Kind.CONFLICT, label(s) + " " + why);
    }

    private static String label(Strategy s) {
        return s.name() + " " + s.version();
    }

    private StrategyInfo info(Strategy s) {
        Entry e = entries.get(s);
        boolean on = active.get(s.role()) == s;
        StrategyState state;
        LifecycleBook.Mark mark = book.mark(key(s));
        if (on) {
            state = StrategyState.ACTIVE;
        } else if (shadow.get(s.role()) == s) {
            state = StrategyState.SHADOW;
        } else if (mark != null
                && (mark.state() == StrategyState.QUARANTINED || mark.state() == StrategyState.RETIRED)) {
            state = mark.state();
        } else {
            state = StrategyState.CANDIDATE;
        }
        boolean marked = mark != null && mark.state() == state;
        return new StrategyInfo(
                s.role(),
                s.name(),
                s.version(),
                e == null ? "" : e.bundle(),
                on,
                e == null ? clock.instant() : e.since(),
                state,
                marked ? mark.since() : null,
                marked ? mark.reason() : null);
    }

    @Override
    public synchronized List<StrategyInfo> strategies() {
        List<StrategyInfo> list = new ArrayList<>();
        for (Entry e : entries.values()) {
            list.add(info(e.strategy()));
        }
        list.sort(Comparator.comparing(StrategyInfo::role)
                .thenComparing(StrategyInfo::name)
                .thenComparing(i -> new SemVer(i.version())));
        return list;
    }
}
