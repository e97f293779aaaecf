package io.gridhub.api.allocation;

import io.gridhub.api.model.MeterInterval;
import io.gridhub.api.model.PolicyRef;
import java.util.List;
import java.util.Objects;

/** One community's metered intervals for a settlement period, to allocate under one policy version. */
public record AllocationRequest(String communityId, PolicyRef policy, List<MeterInterval> meters) {
    public AllocationRequest {
        Objects.requireNonNull(communityId, "communityId");
        Objects.requireNonNull(policy, "policy");
        meters = List.copyOf(meters);
    }
}
