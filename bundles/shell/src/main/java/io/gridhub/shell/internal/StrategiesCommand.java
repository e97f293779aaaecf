package io.gridhub.shell.internal;

import io.gridhub.api.strategy.StrategyInfo;
import io.gridhub.api.strategy.StrategyRegistry;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code gridhub:strategies [role]}: every deployed strategy version and where it stands in its lifecycle. */
@Command(
        scope = "gridhub",
        name = "strategies",
        description = "Lists the deployed strategies: role, name, version, state (candidate, shadow, active, retired, "
                + "quarantined), since when and why")
@Service
public class StrategiesCommand extends TableCommand {
    @Reference
    StrategyRegistry strategies;

    @Argument(name = "role", description = "only this role: forecast, dispatch, allocation, anomaly")
    @Completion(RoleCompleter.class)
    String role;

    @Override
    Table table() {
        Table t = new Table("Role", "Strategy", "Version", "State", "Since", "Governed", "Why", "Bundle");
        for (StrategyInfo i : strategies.strategies()) {
            String r = i.role().name().toLowerCase(Locale.ROOT);
            if (role != null && !role.equalsIgnoreCase(r)) {
                continue;
            }
            t.row(
                    r,
                    i.name(),
                    i.version(),
                    i.state().name().toLowerCase(Locale.ROOT),
                    i.stateSince(),
                    strategies.governed(i.role()) ? "yes" : "no",
                    i.reason(),
                    i.bundle());
        }
        return t;
    }
}
