package io.gridhub.api.allocation;

import io.gridhub.api.check.Fields;
import io.gridhub.api.model.AllocationLine;
import io.gridhub.api.model.PolicyRef;
import java.util.List;

/**
 * Allocation lines for every member and interval of a request, made by a named strategy under one policy; for
 * the benefit-sharing methods also each member's share of the savings over the request; notes say what the
 * reader must know (no prices given, sampled with an estimated error, …).
 */
public record AllocationResult(
        String strategy, PolicyRef policy, List<AllocationLine> lines, List<MemberShare> shares, List<String> notes) {
    public AllocationResult {
        Fields.require("strategy policy", strategy, policy);
        lines = List.copyOf(lines);
        shares = Fields.copyOf(shares);
        notes = Fields.copyOf(notes);
    }

    /** A result with lines only (0.1 form). */
    public AllocationResult(String strategy, PolicyRef policy, List<AllocationLine> lines) {
        this(strategy, policy, lines, null, null);
    }
}
