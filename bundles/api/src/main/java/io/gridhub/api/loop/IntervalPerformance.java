package io.gridhub.api.loop;

import io.gridhub.api.check.Fields;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One plan step, planned against measured: per scheduled asset (W, the asset's sign convention; a missing
 * measurement is absent from {@code measuredW}), the community's net import at its connection (W, + import), the
 * import the community would have had without the hub's setpoints (the uncoordinated baseline: measured import
 * plus what the controlled assets delivered), and the cost of each (EUR; null where nothing was measured).
 */
public record IntervalPerformance(
        Instant start,
        Map<String, Double> plannedW,
        Map<String, Double> measuredW,
        double plannedImportW,
        Double measuredImportW,
        Double baselineImportW,
        double plannedCostEur,
        Double realisedCostEur,
        Double baselineCostEur) {
    public IntervalPerformance {
        Objects.requireNonNull(start, "start");
        plannedW = Fields.copyOf(plannedW);
        measuredW = Fields.copyOf(measuredW);
    }
}
