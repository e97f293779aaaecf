package io.gridhub.shell.internal;

import io.gridhub.api.strategy.StrategyException;
import io.gridhub.api.strategy.StrategyRegistry;
import io.gridhub.api.strategy.StrategyTransition;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code gridhub:strategy-promote role name version}: makes a version active; where the role is governed it files
 * the activation proposal a governance lead approves.
 */
@Command(
        scope = "gridhub",
        name = "strategy-promote",
        description = "Makes a strategy version active (a proposal for a governance lead where the role is governed)")
@Service
public class StrategyPromoteCommand extends VersionCommand {
    @Override
    StrategyTransition step(StrategyRegistry registry, String actor) throws StrategyException {
        return registry.promote(role(role), name, version, actor);
    }
}
