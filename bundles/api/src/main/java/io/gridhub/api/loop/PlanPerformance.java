package io.gridhub.api.loop;

import io.gridhub.api.check.Fields;
import java.time.Instant;
import java.util.List;

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
        Fields.require("planId community computedAt", planId, community, computedAt);
        intervals = Fields.copyOf(intervals);
    }

    /** What coordination saved against the baseline over the measured steps (EUR). */
    public double realisedSavingsEur() {
        return baselineCostEur - realisedCostEur;
    }
}
