package io.gridhub.api.model;

import io.gridhub.api.check.Fields;
import java.time.Duration;
import java.time.Instant;

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
        Fields.require("intervalStart interval memberId policy rule", intervalStart, interval, memberId, policy, rule);
    }
}
