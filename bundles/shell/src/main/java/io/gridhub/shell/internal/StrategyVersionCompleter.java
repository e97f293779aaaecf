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

/** Completes the deployed versions of the strategy named before. */
@Service
public class StrategyVersionCompleter implements Completer {
    @Reference
    StrategyRegistry strategies;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        String name = Arguments.before(commandLine, 2);
        List<String> versions = strategies.strategies().stream()
                .filter(i -> name == null || i.name().equals(name))
                .map(StrategyInfo::version)
                .distinct()
                .toList();
        return new StringsCompleter(versions).complete(session, commandLine, candidates);
    }
}
