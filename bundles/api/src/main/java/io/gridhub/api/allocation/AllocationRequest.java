package io.gridhub.api.allocation;

import io.gridhub.api.model.MeterInterval;
import io.gridhub.api.model.PolicyRef;
import java.util.List;
import java.util.Objects;

/**
 * One community's metered intervals for a settlement period, to allocate under one policy version, with the
 * policy's rules and the prices that turn energy into money.
 */
public record AllocationRequest(
        String communityId, PolicyRef policy, List<MeterInterval> meters, AllocationPolicy rules, Prices prices) {
    public AllocationRequest {
        Objects.requireNonNull(communityId, "communityId");
        Objects.requireNonNull(policy, "policy");
        meters = List.copyOf(meters);
        rules = rules == null ? AllocationPolicy.defaults(policy) : rules;
        prices = prices == null ? Prices.none() : prices;
        if (!rules.ref().equals(policy)) {
            throw new IllegalArgumentException(
                    "request names policy " + policy + " but carries the rules of " + rules.ref());
        }
    }

    /** A request without policy parameters and without prices (0.1 form). */
    public AllocationRequest(String communityId, PolicyRef policy, List<MeterInterval> meters) {
        this(communityId, policy, meters, null, null);
    }
}
