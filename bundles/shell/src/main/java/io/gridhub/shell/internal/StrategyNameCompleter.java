package io.gridhub.shell.internal;

import io.gridhub.api.strategy.StrategyInfo;
import io.gridhub.api.strategy.StrategyRegistry;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the names of the deployed strategies of the role typed before (all roles' when none is). */
@Service
public class StrategyNameCompleter implements Completer {
    @Reference
    StrategyRegistry strategies;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        String role = Arguments.before(commandLine, 1);
        List<String> names = strategies.strategies().stream()
                .filter(i -> role == null || i.role().name().equalsIgnoreCase(role))
                .map(StrategyInfo::name)
                .distinct()
                .toList();
        return new StringsCompleter(names).complete(session, commandLine, candidates);
    }
}
