package io.gridhub.loop.internal;

import io.gridhub.api.dispatch.Dispatcher;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.model.Plan;
import io.gridhub.api.strategy.OutputChecks;
import io.gridhub.api.strategy.StrategyGuard;
import io.gridhub.api.strategy.StrategyRegistry;
import io.gridhub.api.strategy.StrategyRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Optimize's strategies. The active dispatcher plans behind the guard rails: when it throws, overruns its time budget,
 * or returns a plan that fails the output checks ({@link OutputChecks#plan}) or that the safety envelope would have
 * to clip, it is quarantined with why, and the version active before it (the registry's active one now) plans in the
 * same cycle; with none that plans, the fallback does. The dispatcher in shadow then plans on the same scenario
 * behind the same guard rails (a misbehaving shadow is quarantined, which ends the shadow); its plan is kept beside
 * the active one for the comparison and is never executed, confirmable or shown as the community's plan.
 */
final class DispatchStrategies {
    /** Strategies tried in one cycle before the fallback: the active one and the versions before it. */
    static final int ATTEMPTS = 3;

    /**
     * A plan, the strategy that made it (the plan records its name and version), and what went wrong before it:
     * each strategy quarantined in this cycle, with why; {@code fallback} when the fallback made it.
     */
    record Planned(Plan plan, Dispatcher by, List<String> failures, boolean fallback) {}

    private final StrategyRegistry strategies;
    private final StrategyGuard guard;
    private final Envelope envelope;
    private final ShadowPlans shadows;

    DispatchStrategies(StrategyRegistry strategies, StrategyGuard guard, Envelope envelope, ShadowPlans shadows) {
        this.strategies = strategies;
        this.guard = guard;
        this.envelope = envelope;
        this.shadows = shadows;
    }

    /**
     * The plan for a scenario: the active dispatcher's, else (each one that fails quarantined) the one active after
     * it, else the fallback's, which {@code fallback} picks given the dispatchers that failed (it throws when there is
     * none; the fallback runs without guard rails: it is the last resort).
     */
    Planned plan(Scenario sc, Topo topo, Function<Set<Dispatcher>, Dispatcher> fallback) {
        List<String> failures = new ArrayList<>();
        Set<Dispatcher> failed = new LinkedHashSet<>();
        for (int i = 0; i < ATTEMPTS; i++) {
            Optional<Dispatcher> active = strategies.active(StrategyRole.DISPATCH, Dispatcher.class);
            if (active.isEmpty()) {
                if (failed.isEmpty()) {
                    failures.add("no dispatch strategy is active");
                }
                break;
            }
            Dispatcher d = active.get();
            if (failed.contains(d)) {
                break; // the registry kept it active: nothing else to try
            }
            StrategyGuard.Outcome<Plan> o = guarded(d, sc, topo);
            if (o.ok()) {
                return new Planned(o.output().madeBy(d.name(), d.version()), d, failures, false);
            }
            failed.add(d);
            failures.add(StrategyGuard.quarantine(strategies, d, o.problem()));
        }
        Dispatcher d = fallback.apply(failed);
        return new Planned(d.plan(sc).madeBy(d.name(), d.version()), d, failures, true);
    }

    /**
     * The shadow dispatcher, if any, on the same scenario: its plan is kept beside {@code active}'s (made at
     * {@code at}). Returns what to add to Optimize's reason: empty when no shadow runs or it planned.
     */
    String shadow(Scenario sc, Topo topo, Planned active, Instant at) {
        Optional<Dispatcher> shadow = strategies.shadow(StrategyRole.DISPATCH, Dispatcher.class);
        if (shadow.isEmpty() || shadow.get() == active.by()) {
            return "";
        }
        Dispatcher d = shadow.get();
        StrategyGuard.Outcome<Plan> o = guarded(d, sc, topo);
        if (!o.ok()) {
            return "shadow " + StrategyGuard.quarantine(strategies, d, o.problem());
        }
        shadows.add(new ShadowPlans.Cycle(at, sc, active.plan(), o.output().madeBy(d.name(), d.version())));
        return "";
    }

    private StrategyGuard.Outcome<Plan> guarded(Dispatcher d, Scenario sc, Topo topo) {
        return guard.run(
                () -> d.plan(sc),
                p -> {
                    List<String> problems = new ArrayList<>(OutputChecks.plan(sc, p));
                    if (p != null && problems.isEmpty()) {
                        problems.addAll(envelope.breaches(topo, p));
                    }
                    return problems;
                },
                "plan");
    }
}
