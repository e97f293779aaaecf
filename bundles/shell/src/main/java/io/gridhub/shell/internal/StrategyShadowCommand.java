package io.gridhub.shell.internal;

import io.gridhub.api.strategy.StrategyException;
import io.gridhub.api.strategy.StrategyRegistry;
import io.gridhub.api.strategy.StrategyTransition;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code gridhub:strategy-shadow role name version}: runs a candidate in shadow beside the active strategy. */
@Command(
        scope = "gridhub",
        name = "strategy-shadow",
        description = "Runs a candidate strategy in shadow: the active one's inputs, stored outputs, nothing executed")
@Service
public class StrategyShadowCommand extends VersionCommand {
    @Override
    StrategyTransition step(StrategyRegistry registry, String actor) throws StrategyException {
        return registry.shadow(role(role), name, version, actor);
    }
}
