package io.gridhub.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;

/** A lifecycle step on one strategy version: {@code role name version}, each completed. */
abstract class VersionCommand extends LifecycleCommand {
    @Argument(index = 0, name = "role", required = true, description = "forecast, dispatch, allocation, anomaly")
    @Completion(RoleCompleter.class)
    String role;

    @Argument(index = 1, name = "name", required = true, description = "the strategy's name")
    @Completion(StrategyNameCompleter.class)
    String name;

    @Argument(index = 2, name = "version", required = true, description = "the strategy's version")
    @Completion(StrategyVersionCompleter.class)
    String version;
}
