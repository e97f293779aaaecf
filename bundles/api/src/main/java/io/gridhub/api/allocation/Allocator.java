package io.gridhub.api.allocation;

import io.gridhub.api.strategy.Strategy;
import io.gridhub.api.strategy.StrategyRole;
import org.osgi.annotation.versioning.ConsumerType;

/** An allocation strategy: it never allocates more than was generated, nor more than a member consumed. */
@ConsumerType
public interface Allocator extends Strategy {
    AllocationResult allocate(AllocationRequest request);

    @Override
    default StrategyRole role() {
        return StrategyRole.ALLOCATION;
    }
}
