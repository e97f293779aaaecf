package io.gridhub.loop.internal.settle;

import io.gridhub.api.allocation.AllocationRequest;
import io.gridhub.api.allocation.AllocationResult;
import io.gridhub.api.allocation.Allocator;
import io.gridhub.api.settlement.InvalidInputException;
import io.gridhub.api.settlement.SettlementRun;
import io.gridhub.api.settlement.SettlementService;
import io.gridhub.api.strategy.OutputChecks;
import io.gridhub.api.strategy.StrategyGuard;
import io.gridhub.api.strategy.StrategyRegistry;
import io.gridhub.api.strategy.StrategyRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The daily settlement's allocators. The allocator the settlement service chose for the method allocates behind the
 * guard rails: when it throws, overruns its time budget or returns an allocation that fails {@link
 * OutputChecks#allocation}, it is quarantined with why and the method's next older deployed version allocates the
 * same request (one already quarantined is skipped), so the day is settled. An allocator that throws {@link
 * IllegalArgumentException} refuses the request (bad input, as before): that is no misbehaviour, and the day is not
 * settled. The allocator in shadow then allocates the same request behind the same guard rails; its result is kept
 * aside ({@link ShadowStatements}), never recorded in the ledger or shown as the members' statements.
 */
public final class AllocationStrategies {
    private final StrategyRegistry strategies;
    private final StrategyGuard guard;
    private final ShadowStatements shadows;

    public AllocationStrategies(StrategyRegistry strategies, StrategyGuard guard, ShadowStatements shadows) {
        this.strategies = strategies;
        this.guard = guard;
        this.shadows = shadows;
    }

    /** A new settlement's allocation. */
    Run run() {
        return new Run();
    }

    /** Keeps the shadow's result of a run beside the run as the ledger recorded it. */
    void keep(Run r, SettlementRun recorded, Instant at) {
        if (r.shadow != null) {
            shadows.add(new ShadowStatements.Day(
                    at,
                    recorded,
                    new SettlementRun(
                            recorded.communityId(),
                            recorded.period(),
                            0,
                            null,
                            recorded.method(),
                            r.shadow.strategy(),
                            r.shadow.policy(),
                            recorded.inputs(),
                            r.shadow.lines(),
                            r.shadow.shares(),
                            r.shadow.notes())));
        }
    }

    /** One settlement's allocation: what happened to the strategies (for the stage's reason), and the shadow's. */
    final class Run implements SettlementService.Allocation {
        private final List<String> notes = new ArrayList<>();
        private AllocationResult shadow;

        List<String> notes() {
            return notes;
        }

        @Override
        public AllocationResult allocate(AllocationRequest request, Allocator chosen, List<Allocator> others)
                throws InvalidInputException {
            Set<String> quarantined = StrategyGuard.quarantined(strategies, StrategyRole.ALLOCATION);
            List<Allocator> candidates = new ArrayList<>();
            candidates.add(chosen);
            others.stream()
                    .filter(o -> compareVersions(o.version(), chosen.version()) < 0)
                    .forEach(candidates::add);
            AllocationResult result = null;
            Allocator used = null;
            for (Allocator a : candidates) {
                if (quarantined.contains(StrategyGuard.label(a))) {
                    notes.add(StrategyGuard.label(a) + " is quarantined: not run");
                    continue;
                }
                StrategyGuard.Outcome<AllocationResult> o = guarded(a, request);
                if (o.thrown() instanceof IllegalArgumentException e) {
                    throw new InvalidInputException(e.getMessage());
                }
                if (o.ok()) {
                    result = madeBy(o.output(), a, notes);
                    used = a;
                    break;
                }
                notes.add(StrategyGuard.quarantine(strategies, a, o.problem()));
            }
            if (result == null) {
                throw new InvalidInputException("no allocation strategy of method " + chosen.name() + " could settle: "
                        + String.join("; ", notes));
            }
            Optional<Allocator> s = strategies.shadow(StrategyRole.ALLOCATION, Allocator.class);
            if (s.isPresent() && s.get() != used) {
                StrategyGuard.Outcome<AllocationResult> o = guarded(s.get(), request);
                if (o.ok()) {
                    shadow = madeBy(o.output(), s.get(), List.of());
                } else {
                    notes.add("shadow " + StrategyGuard.quarantine(strategies, s.get(), o.problem()));
                }
            }
            return result;
        }
    }

    private StrategyGuard.Outcome<AllocationResult> guarded(Allocator a, AllocationRequest request) {
        return guard.run(() -> a.allocate(request), r -> OutputChecks.allocation(request, r), "allocation");
    }

    /** The result as made by {@code a} ({@code name@version}, as the ledger keeps it), with what went before. */
    private static AllocationResult madeBy(AllocationResult r, Allocator a, List<String> before) {
        List<String> notes = new ArrayList<>(r.notes());
        if (!before.isEmpty()) {
            notes.add("allocated by " + StrategyGuard.label(a) + " after: " + String.join("; ", before));
        }
        return new AllocationResult(a.name() + "@" + a.version(), r.policy(), r.lines(), r.shares(), notes);
    }

    /** Versions compared numerically, part by part (a part that is no number counts as 0). */
    static int compareVersions(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int k = 0; k < Math.max(x.length, y.length); k++) {
            int c = Integer.compare(part(x, k), part(y, k));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int part(String[] parts, int k) {
        try {
            return k < parts.length ? Integer.parseInt(parts[k]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
