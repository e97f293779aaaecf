package io.gridhub.allocation.internal.strategy;

import io.gridhub.allocation.internal.data.InputException;
import io.gridhub.allocation.internal.run.Conversions;
import io.gridhub.allocation.internal.run.Method;
import io.gridhub.allocation.internal.run.Outcome;
import io.gridhub.allocation.internal.run.Runner;
import io.gridhub.api.allocation.AllocationRequest;
import io.gridhub.api.allocation.AllocationResult;

/**
 * What every allocation strategy service does: its method on the request's meters, policy and prices. A plain
 * helper, not a base component: each service below is its own small DS component (one per method, so that the
 * strategy registry lists and swaps them by name and version).
 */
final class MethodAllocator {
    private MethodAllocator() {}

    static AllocationResult allocate(Method method, AllocationRequest request) {
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
