package io.gridhub.api.model;

import io.gridhub.api.check.Fields;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Setpoints per asset per step from {@code start}, made by a named strategy, with its explanation. */
public record Plan(
        String id,
        String strategy,
        Instant issueTime,
        Instant start,
        Duration step,
        int steps,
        List<AssetSchedule> schedules,
        Explanation explanation) {
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
    }
}
