package io.gridhub.strategy.testkit;

import io.gridhub.api.allocation.Allocator;

/** The test kit checks itself: the sample strategy keeps its contract. */
class DynamicAllocatorContractTest extends AllocatorContract {
    @Override
    protected Allocator strategy() {
        return new Samples.DynamicAllocator();
    }
}
