package io.gridhub.shell.internal;

import io.gridhub.api.driver.DeviceRegistry;
import io.gridhub.api.driver.DeviceStatus;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code gridhub:devices [device]}: the driver host's devices, their state and health. */
@Command(scope = "gridhub", name = "devices", description = "Lists the devices the driver host runs and their health")
@Service
public class DevicesCommand extends TableCommand {
    @Reference
    DeviceRegistry devices;

    @Argument(name = "device", description = "only this device")
    @Completion(DeviceCompleter.class)
    String device;

    @Override
    Table table() {
        Table t = new Table(
                "Device",
                "Driver",
                "State",
                "Since",
                "Points",
                "Reads/s",
                "Errors",
                "Reconnects",
                "Last read ms",
                "Gaps",
                "Reason");
        for (DeviceStatus d : devices.devices()) {
            if (device != null && !device.equals(d.name())) {
                continue;
            }
            t.row(
                    d.name(),
                    d.driver(),
                    d.state(),
                    d.since(),
                    d.points(),
                    String.format(Locale.ROOT, "%.2f", d.readsPerSecond()),
                    d.errors(),
                    d.reconnects(),
                    String.format(Locale.ROOT, "%.1f", d.lastReadMillis()),
                    d.gapCount(),
                    d.reason());
        }
        return t;
    }
}
