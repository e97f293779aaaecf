package io.gridhub.api.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What one member was allocated in one interval: shared energy in Wh and its money value in EUR, traceable to
 * the policy version and the rule that produced it.
 */
public record AllocationLine(
        Instant intervalStart,
        Duration interval,
        String memberId,
        double allocatedWh,
        double valueEur,
        PolicyRef policy,
        String rule) {
    public AllocationLine {
        Objects.requireNonNull(intervalStart, "intervalStart");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(rule, "rule");
    }
}
