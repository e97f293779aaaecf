package io.gridhub.api.allocation;

import io.gridhub.api.model.AllocationLine;
import io.gridhub.api.model.PolicyRef;
import java.util.List;
import java.util.Objects;

/** Allocation lines for every member and interval of a request, made by a named strategy under one policy. */
public record AllocationResult(String strategy, PolicyRef policy, List<AllocationLine> lines) {
    public AllocationResult {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(policy, "policy");
        lines = List.copyOf(lines);
    }
}
