package io.gridhub.api.model;

import io.gridhub.api.check.Fields;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Setpoints per asset per step from {@code start}, made by a named strategy, with its explanation. {@code solveTime}
 * is how long the strategy's solver itself took to make it (the solve call alone, without building the model or
 * explaining the plan); null when no solver ran (a rule strategy).
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
        Duration solveTime) {
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
        this(id, strategy, issueTime, start, step, steps, schedules, explanation, null);
    }

    /** This plan with the time its solver took. */
    public Plan withSolveTime(Duration solveTime) {
        return new Plan(id, strategy, issueTime, start, step, steps, schedules, explanation, solveTime);
    }
}
