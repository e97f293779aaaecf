package io.gridhub.strategy.testkit;

import io.gridhub.api.allocation.AllocationPolicy;
import io.gridhub.api.allocation.AllocationRequest;
import io.gridhub.api.allocation.AllocationResult;
import io.gridhub.api.allocation.Allocator;
import io.gridhub.api.strategy.OutputChecks;
import io.gridhub.api.strategy.StrategyRole;
import java.time.Duration;
import java.util.List;

/**
 * The contract every allocation strategy keeps: extend it and return the allocator from {@link #strategy()}; a
 * method that needs policy parameters (shares, groups) overrides {@link #rules}. Runs it on
 * {@link AllocationInputs}: each result passes {@link OutputChecks#allocation} within the time budget (10 s by
 * default), edge requests included, and the same request gives the same lines and shares.
 */
public abstract class AllocatorContract extends StrategyContract<Allocator, AllocationRequest, AllocationResult> {
    /**
     * The rules the requests carry, made from a policy without parameters ({@link AllocationInputs#POLICY}, community
     * {@link AllocationInputs#COMMUNITY}, members {@code H1}–{@code H5} and {@code P}); by default that policy.
     */
    protected AllocationPolicy rules(AllocationPolicy plain) {
        return plain;
    }

    @Override
    protected Duration timeBudget() {
        return Duration.ofSeconds(10);
    }

    @Override
    protected List<Case<AllocationRequest>> realisticInputs() {
        return AllocationInputs.realistic(this::rules);
    }

    @Override
    protected List<Case<AllocationRequest>> edgeInputs() {
        return AllocationInputs.edge(this::rules);
    }

    @Override
    final StrategyRole role() {
        return StrategyRole.ALLOCATION;
    }

    @Override
    final AllocationResult run(Allocator strategy, AllocationRequest input) {
        return strategy.allocate(input);
    }

    @Override
    final List<String> problems(AllocationRequest input, AllocationResult output) {
        return OutputChecks.allocation(input, output);
    }

    @Override
    final Object decision(AllocationResult r) {
        return r == null ? null : List.of(r.lines(), r.shares());
    }
}
