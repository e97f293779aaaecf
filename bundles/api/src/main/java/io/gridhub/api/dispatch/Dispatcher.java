package io.gridhub.api.dispatch;

import io.gridhub.api.model.Plan;
import io.gridhub.api.strategy.Strategy;
import io.gridhub.api.strategy.StrategyRole;
import org.osgi.annotation.versioning.ConsumerType;

/** A dispatch strategy: a scenario in, a plan with its explanation out. */
@ConsumerType
public interface Dispatcher extends Strategy {
    /**
     * Service property ({@code Boolean}) that marks the dispatcher the operating loop falls back to when the active
     * one fails: a strategy that needs no solver and always returns a plan. Found by this property, never by name.
     */
    String FALLBACK_PROPERTY = "gridhub.strategy.fallback";

    Plan plan(Scenario scenario);

    @Override
    default StrategyRole role() {
        return StrategyRole.DISPATCH;
    }
}
