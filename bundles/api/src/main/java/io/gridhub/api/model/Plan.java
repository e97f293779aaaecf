package io.gridhub.api.model;

import io.gridhub.api.check.Fields;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Setpoints per asset per step from {@code start}, made by a named strategy, with its explanation. {@code solveTime}
 * is how long the strategy's solver itself took to make it (the solve call alone, without building the model or
 * explaining the plan); null when no solver ran (a rule strategy). {@code strategyVersion} is the version of the
 * strategy that made it, as the operating loop records it ({@link #madeBy}); empty when not known.
 */
public record Plan(
        String id,
        String strategy,
        Instant issueTime,
        Instant start,
        Duration step,
        int steps,
        List<AssetSchedule> schedules,
        Explanation explanation,
        Duration solveTime,
        String strategyVersion) {
    public Plan {
        Fields.require(
                "id strategy issueTime start step explanation", id, strategy, issueTime, start, step, explanation);
        schedules = List.copyOf(schedules);
        for (AssetSchedule s : schedules) {
            if (s.setpointsW().length != steps) {
                throw new IllegalArgumentException("plan " + id + ": asset " + s.assetId() + " has "
                        + s.setpointsW().length + " setpoints for " + steps + " steps");
            }
        }
        if (solveTime != null && solveTime.isNegative()) {
            throw new IllegalArgumentException("plan " + id + ": negative solve time " + solveTime);
        }
        strategyVersion = Fields.orEmpty(strategyVersion);
    }

    /** A plan without its strategy's version (as a strategy makes it; the loop adds the version). */
    public Plan(
            String id,
            String strategy,
            Instant issueTime,
            Instant start,
            Duration step,
            int steps,
            List<AssetSchedule> schedules,
            Explanation explanation,
            Duration solveTime) {
        this(id, strategy, issueTime, start, step, steps, schedules, explanation, solveTime, "");
    }

    /** A plan that no solver made (the first version's shape). */
    public Plan(
            String id,
            String strategy,
            Instant issueTime,
            Instant start,
            Duration step,
            int steps,
            List<AssetSchedule> schedules,
            Explanation explanation) {
        this(id, strategy, issueTime, start, step, steps, schedules, explanation, null, "");
    }

    /** This plan with the time its solver took. */
    public Plan withSolveTime(Duration solveTime) {
        return new Plan(
                id, strategy, issueTime, start, step, steps, schedules, explanation, solveTime, strategyVersion);
    }

    /** This plan as made by a strategy of this name and version (the one that really ran, whatever it wrote). */
    public Plan madeBy(String strategyName, String version) {
        return new Plan(id, strategyName, issueTime, start, step, steps, schedules, explanation, solveTime, version);
    }
}
