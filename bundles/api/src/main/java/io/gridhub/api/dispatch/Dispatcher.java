package io.gridhub.api.dispatch;

import io.gridhub.api.model.Plan;
import io.gridhub.api.strategy.Strategy;
import io.gridhub.api.strategy.StrategyRole;
import org.osgi.annotation.versioning.ConsumerType;

/** A dispatch strategy: a scenario in, a plan with its explanation out. */
@ConsumerType
public interface Dispatcher extends Strategy {
    Plan plan(Scenario scenario);

    @Override
    default StrategyRole role() {
        return StrategyRole.DISPATCH;
    }
}
