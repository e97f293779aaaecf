package io.gridhub.shell.internal;

import io.gridhub.api.strategy.StrategyException;
import io.gridhub.api.strategy.StrategyRegistry;
import io.gridhub.api.strategy.StrategyTransition;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code gridhub:strategy-rollback role}: the version active before the current one becomes active again. */
@Command(
        scope = "gridhub",
        name = "strategy-rollback",
        description = "Makes the strategy version that was active before the current one active again")
@Service
public class StrategyRollbackCommand extends LifecycleCommand {
    @Argument(index = 0, name = "role", required = true, description = "forecast, dispatch, allocation, anomaly")
    @Completion(RoleCompleter.class)
    String role;

    @Override
    StrategyTransition step(StrategyRegistry registry, String actor) throws StrategyException {
        return registry.rollback(role(role), actor);
    }
}
