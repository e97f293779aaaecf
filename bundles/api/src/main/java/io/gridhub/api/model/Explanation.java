package io.gridhub.api.model;

import java.util.List;

/**
 * Why a plan is what it is: its cost, the cost of doing nothing coordinated, and the constraints that bound it.
 * Costs in EUR over the plan's horizon.
 */
public record Explanation(String summary, double costEur, double baselineCostEur, List<String> bindingConstraints) {
    public Explanation {
        summary = summary == null ? "" : summary;
        bindingConstraints = List.copyOf(bindingConstraints == null ? List.of() : bindingConstraints);
    }

    public double savingsEur() {
        return baselineCostEur - costEur;
    }
}
