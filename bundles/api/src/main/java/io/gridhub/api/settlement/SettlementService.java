package io.gridhub.api.settlement;

import io.gridhub.api.allocation.AllocationRequest;
import io.gridhub.api.allocation.AllocationResult;
import io.gridhub.api.allocation.Allocator;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs an allocation from meter data as the hub receives it in files or requests (CSV text, policy JSON) with
 * the same checks and messages as {@code ./gridhub allocate}, and records the run in the ledger.
 */
@ProviderType
public interface SettlementService {
    /** Allocates and appends the run as the next version of its period. */
    SettlementRun settle(SettlementInput input) throws InvalidInputException, SettlementException;

    /**
     * Settles as {@link #settle(SettlementInput)} does (the input checked, the policy governed, the allocator chosen
     * for the method, the run appended to the ledger), but the caller runs the allocation: {@code allocation} gets the
     * request and the chosen allocator and returns the result to record. The operating loop runs its guard rails
     * (time budget, output checks, quarantine) and the shadow allocator this way. A service that cannot hand the
     * allocation over settles as {@code settle(input)} does, without calling {@code allocation} (the default).
     */
    default SettlementRun settle(SettlementInput input, Allocation allocation)
            throws InvalidInputException, SettlementException {
        return settle(input);
    }

    /** The caller's part of {@link #settle(SettlementInput, Allocation)}. */
    @ConsumerType
    @FunctionalInterface
    interface Allocation {
        /**
         * Allocates a settlement's request.
         *
         * @param request the checked request, under the approved policy
         * @param chosen  the allocator the service chose for the method (the approved version)
         * @param others  the other deployed versions of the method, newest first: where a caller may turn when
         *                {@code chosen} fails
         * @return the result to record; its {@link AllocationResult#strategy()} names the allocator that made it
         * @throws InvalidInputException when no allocator can allocate the request (the run is not recorded)
         */
        AllocationResult allocate(AllocationRequest request, Allocator chosen, List<Allocator> others)
                throws InvalidInputException;
    }

    /** The method names it can run, e.g. {@code static}, {@code dynamic}, {@code shapley}. */
    List<String> methods();
}
