package io.gridhub.allocation.internal.strategy;

import io.gridhub.allocation.internal.run.Method;
import io.gridhub.api.allocation.AllocationRequest;
import io.gridhub.api.allocation.AllocationResult;
import io.gridhub.api.allocation.Allocator;
import io.gridhub.api.strategy.Strategy;
import org.osgi.service.component.annotations.Component;

/** The allocation strategy {@code equal} (docs/allocation.md). */
@Component(
        service = {Allocator.class, Strategy.class},
        property = "gridhub.allocation.method=equal")
public final class EqualSharing implements Allocator {
    @Override
    public String name() {
        return Method.EQUAL.id();
    }

    @Override
    public String version() {
        return Method.VERSION;
    }

    @Override
    public AllocationResult allocate(AllocationRequest request) {
        return MethodAllocator.allocate(Method.EQUAL, request);
    }
}
