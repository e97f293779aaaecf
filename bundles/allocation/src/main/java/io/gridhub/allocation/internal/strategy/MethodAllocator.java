package io.gridhub.allocation.internal.strategy;

import io.gridhub.allocation.internal.data.InputException;
import io.gridhub.allocation.internal.run.Conversions;
import io.gridhub.allocation.internal.run.Method;
import io.gridhub.allocation.internal.run.Outcome;
import io.gridhub.allocation.internal.run.Runner;
import io.gridhub.api.allocation.AllocationRequest;
import io.gridhub.api.allocation.AllocationResult;
import io.gridhub.api.allocation.Allocator;

/**
 * The allocation strategy of one method (docs/allocation.md): the method on the request's meters, policy and prices.
 * Named by the method's id, versioned {@link Method#VERSION}; {@link MethodStrategies} registers one per method.
 */
public final class MethodAllocator implements Allocator {
    private final Method method;

    public MethodAllocator(Method method) {
        this.method = method;
    }

    @Override
    public String name() {
        return method.id();
    }

    @Override
    public String version() {
        return Method.VERSION;
    }

    @Override
    public AllocationResult allocate(AllocationRequest request) {
        try {
            Outcome o = Runner.run(
                    method,
                    Conversions.table(request.meters()),
                    request.rules(),
                    request.prices(),
                    Runner.Options.defaults(),
                    "policy " + request.policy());
            return Conversions.result(o, method.id() + "@" + Method.VERSION);
        } catch (InputException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
