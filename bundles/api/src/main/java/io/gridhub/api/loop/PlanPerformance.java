package io.gridhub.api.loop;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A plan's steps so far, planned against measured, and the totals over the measured steps: the cost the plan
 * expected, the cost realised, and the cost of the uncoordinated baseline (EUR).
 */
public record PlanPerformance(
        String planId,
        String community,
        Instant computedAt,
        List<IntervalPerformance> intervals,
        int measuredIntervals,
        double plannedCostEur,
        double realisedCostEur,
        double baselineCostEur) {
    public PlanPerformance {
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(community, "community");
        Objects.requireNonNull(computedAt, "computedAt");
        intervals = List.copyOf(intervals == null ? List.of() : intervals);
    }

    /** What coordination saved against the baseline over the measured steps (EUR). */
    public double realisedSavingsEur() {
        return baselineCostEur - realisedCostEur;
    }
}
