package io.gridhub.dispatch.rules.internal;

import io.gridhub.api.dispatch.Dispatcher;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.model.Plan;
import io.gridhub.api.strategy.Strategy;
import io.gridhub.dispatch.common.RulePlanner;
import io.gridhub.dispatch.common.ScenarioView;
import java.time.Clock;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The rule-based dispatch strategy: a safe plan without a solver (see {@link RulePlanner}). The hub falls back to
 * it when an optimizer fails (it carries {@link Dispatcher#FALLBACK_PROPERTY}); it can also be made the active
 * strategy.
 */
@Component(
        service = {Dispatcher.class, Strategy.class},
        property = Dispatcher.FALLBACK_PROPERTY + ":Boolean=true")
public final class RuleDispatcher implements Dispatcher {
    public static final String NAME = "rules";
    private final Clock clock;

    @Activate
    public RuleDispatcher() {
        this(Clock.systemUTC());
    }

    public RuleDispatcher(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public Plan plan(Scenario scenario) {
        return RulePlanner.safePlan(new ScenarioView(scenario), clock, NAME, "RULES", null);
    }
}
