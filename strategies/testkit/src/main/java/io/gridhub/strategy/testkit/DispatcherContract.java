package io.gridhub.strategy.testkit;

import io.gridhub.api.dispatch.Dispatcher;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.model.Plan;
import io.gridhub.api.strategy.OutputChecks;
import io.gridhub.api.strategy.StrategyRole;
import java.time.Duration;
import java.util.List;

/**
 * The contract every dispatch strategy keeps: extend it and return the dispatcher from {@link #strategy()}. Runs it
 * on {@link DispatchInputs}: each plan passes {@link OutputChecks#plan} within the time budget (20 s by default, the
 * scenarios' solver time limit), edge scenarios included, and the same scenario gives the same setpoints.
 */
public abstract class DispatcherContract extends StrategyContract<Dispatcher, Scenario, Plan> {
    @Override
    protected Duration timeBudget() {
        return Duration.ofSeconds(20);
    }

    @Override
    protected List<Case<Scenario>> realisticInputs() {
        return DispatchInputs.realistic();
    }

    @Override
    protected List<Case<Scenario>> edgeInputs() {
        return DispatchInputs.edge();
    }

    @Override
    final StrategyRole role() {
        return StrategyRole.DISPATCH;
    }

    @Override
    final Plan run(Dispatcher strategy, Scenario input) {
        return strategy.plan(input);
    }

    @Override
    final List<String> problems(Scenario input, Plan output) {
        return OutputChecks.plan(input, output);
    }

    @Override
    final Object decision(Plan p) {
        return p == null ? null : List.of(p.start(), p.step(), p.steps(), p.schedules());
    }
}
