package io.gridhub.shell.internal;

import io.gridhub.api.registry.PointRegistry;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes point ids from the point registry. */
@Service
public class PointCompleter implements Completer {
    @Reference
    PointRegistry registry;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(
                        registry.points().stream().map(p -> p.id().value()).toList())
                .complete(session, commandLine, candidates);
    }
}
