package io.gridhub.api.model;

import io.gridhub.api.check.Fields;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why a plan is what it is: its cost, the cost of doing nothing coordinated, and the constraints that bound it.
 * Costs in EUR over the plan's horizon. {@code status} says how the plan was made (e.g. {@code OPTIMAL},
 * {@code FALLBACK}); {@code binding} lists the binding constraints per step with shadow prices; {@code series}
 * holds per-step values behind the plan (e.g. {@code grid.importW}, {@code feeder.f1.W}, {@code marginalPrice}).
 */
public record Explanation(
        String summary,
        double costEur,
        double baselineCostEur,
        List<String> bindingConstraints,
        String status,
        List<Binding> binding,
        Map<String, double[]> series) {
    public Explanation {
        summary = Fields.orEmpty(summary);
        bindingConstraints = Fields.copyOf(bindingConstraints);
        status = Fields.orEmpty(status);
        binding = Fields.copyOf(binding);
        Map<String, double[]> copy = new LinkedHashMap<>();
        if (series != null) {
            series.forEach((k, v) -> copy.put(k, v.clone()));
        }
        series = Collections.unmodifiableMap(copy);
    }

    /** The first version's shape: summary, costs and binding constraints only. */
    public Explanation(String summary, double costEur, double baselineCostEur, List<String> bindingConstraints) {
        this(summary, costEur, baselineCostEur, bindingConstraints, null, null, null);
    }

    public double savingsEur() {
        return baselineCostEur - costEur;
    }
}
