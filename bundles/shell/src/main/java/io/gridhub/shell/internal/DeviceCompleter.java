package io.gridhub.shell.internal;

import io.gridhub.api.driver.DeviceRegistry;
import io.gridhub.api.driver.DeviceStatus;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the names of the driver host's devices. */
@Service
public class DeviceCompleter implements Completer {
    @Reference
    DeviceRegistry devices;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(
                        devices.devices().stream().map(DeviceStatus::name).toList())
                .complete(session, commandLine, candidates);
    }
}
