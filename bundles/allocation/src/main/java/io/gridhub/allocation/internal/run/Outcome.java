package io.gridhub.allocation.internal.run;

import io.gridhub.allocation.internal.data.MeterTable;
import io.gridhub.api.allocation.AllocationPolicy;
import java.util.List;
import java.util.Map;

/**
 * What one run produced, still dense: per cell ({@code t*n+i}) the allocated kWh (keys only) and the money value
 * in EUR, the rule text per cell, and for the benefit-sharing methods each member's share with its standard
 * error.
 *
 * @param table      the meter data as settled (after aggregation to the policy's resolution)
 * @param periodPart per member a value that belongs to the whole period rather than an interval, or null
 * @param facts      figures for run.json and the notes (savings, error estimate, permutations, …)
 */
public record Outcome(
        Method method,
        AllocationPolicy policy,
        MeterTable table,
        double[] allocated,
        double[] value,
        Rule rule,
        double[] share,
        double[] shareError,
        double[] periodPart,
        List<String> notes,
        Map<String, Object> facts) {
    /** The rule that produced cell (t, i), as a statement shows it. */
    @FunctionalInterface
    public interface Rule {
        String text(int t, int i);
    }

    public int members() {
        return table.members();
    }
}
