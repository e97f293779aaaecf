package io.gridhub.shell.internal;

import io.gridhub.api.strategy.StrategyRole;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the strategy roles. */
@Service
public class RoleCompleter implements Completer {
    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> roles = List.of(StrategyRole.values()).stream()
                .filter(r -> r != StrategyRole.TEST)
                .map(r -> r.name().toLowerCase(Locale.ROOT))
                .toList();
        return new StringsCompleter(roles).complete(session, commandLine, candidates);
    }
}
