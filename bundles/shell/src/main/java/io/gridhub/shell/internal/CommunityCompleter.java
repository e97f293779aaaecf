package io.gridhub.shell.internal;

import io.gridhub.api.loop.OperatingLoop;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the ids of the communities the operating loop runs. */
@Service
public class CommunityCompleter implements Completer {
    @Reference
    OperatingLoop loop;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(loop.communities()).complete(session, commandLine, candidates);
    }
}
