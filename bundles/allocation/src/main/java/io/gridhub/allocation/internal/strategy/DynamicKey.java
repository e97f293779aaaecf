package io.gridhub.allocation.internal.strategy;

import io.gridhub.allocation.internal.run.Method;
import io.gridhub.api.allocation.AllocationRequest;
import io.gridhub.api.allocation.AllocationResult;
import io.gridhub.api.allocation.Allocator;
import io.gridhub.api.strategy.Strategy;
import org.osgi.service.component.annotations.Component;

/** The allocation strategy {@code dynamic} (docs/allocation.md). */
@Component(
        service = {Allocator.class, Strategy.class},
        property = "gridhub.allocation.method=dynamic")
public final class DynamicKey implements Allocator {
    @Override
    public String name() {
        return Method.DYNAMIC.id();
    }

    @Override
    public String version() {
        return Method.VERSION;
    }

    @Override
    public AllocationResult allocate(AllocationRequest request) {
        return MethodAllocator.allocate(Method.DYNAMIC, request);
    }
}
