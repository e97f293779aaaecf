package io.gridhub.loop.internal;

import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.model.Plan;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The shadow dispatcher's plans beside the active ones, with the scenario both were made for: the last
 * {@link #KEEP} cycles of every community, in memory. A shadow's plan is never executed, so nothing but the comparison
 * needs it; like the loop's own recent plans (which it keeps in memory too) it does not survive a restart, and the
 * store has no place for scenarios. Thread-safe.
 */
final class ShadowPlans {
    /** Cycles kept over all communities: two days of the default 15-minute cycles of one community. */
    static final int KEEP = 192;

    /** One cycle both planned: when, on what, and the two plans (each records its strategy and version). */
    record Cycle(Instant at, Scenario scenario, Plan active, Plan shadow) {
        String community() {
            return scenario.community().id();
        }
    }

    private final Deque<Cycle> cycles = new ArrayDeque<>();

    synchronized void add(Cycle c) {
        cycles.addLast(c);
        while (cycles.size() > KEEP) {
            cycles.removeFirst();
        }
    }

    /** Every cycle kept, oldest first. */
    synchronized List<Cycle> cycles() {
        return new ArrayList<>(cycles);
    }
}
