package io.gridhub.api.allocation;

import io.gridhub.api.check.Fields;
import io.gridhub.api.model.MeterInterval;
import io.gridhub.api.model.PolicyRef;
import java.util.List;

/**
 * One community's metered intervals for a settlement period, to allocate under one policy version, with the
 * policy's rules and the prices that turn energy into money.
 */
public record AllocationRequest(
        String communityId, PolicyRef policy, List<MeterInterval> meters, AllocationPolicy rules, Prices prices) {
    public AllocationRequest {
        Fields.require("communityId policy", communityId, policy);
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
