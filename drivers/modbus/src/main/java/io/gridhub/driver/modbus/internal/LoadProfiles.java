package io.gridhub.driver.modbus.internal;

import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.driver.modbus.ModbusAddress;
import io.gridhub.driver.modbus.ModbusSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens the driver's connections, each with its device's load profile where the settings describe one and the hub
 * says data is missing ({@link DeviceContext#backfillFrom()}: from there to this connect). Keeps, per device, what a
 * connection closed before its back-fill ended left unread, so that the next connection reads it too (within one hub
 * run: after a restart the hub's own outage begins after the last stored sample).
 */
public final class LoadProfiles {
    private final Map<String, Map<String, List<LoadProfileBackfill.Window>>> unfinished = new ConcurrentHashMap<>();

    /**
     * A connection to the device; one that back-fills from the load profile when there is something to back-fill.
     *
     * @throws ConnectionException configuration when the load profile's settings are wrong (the message names the
     *                             setting), otherwise when the device cannot be reached
     */
    public Connection<ModbusAddress> connect(ModbusSettings settings, DeviceContext context)
            throws ConnectionException {
        String device = context.deviceName();
        LoadProfile profile;
        try {
            profile = LoadProfile.of(settings);
        } catch (IllegalArgumentException e) {
            throw ConnectionException.configuration("device " + device + ": load profile: " + e.getMessage(), e);
        }
        Instant now = context.clock().instant();
        ModbusConnection modbus = ModbusConnection.open(settings, context);
        if (profile == null) {
            unfinished.remove(device);
            return modbus;
        }
        Map<String, List<LoadProfileBackfill.Window>> windows = new LinkedHashMap<>();
        Map<String, List<LoadProfileBackfill.Window>> left = unfinished.remove(device);
        if (left != null) {
            left.forEach((channel, w) -> windows.put(channel, new ArrayList<>(w)));
        }
        context.backfillFrom()
                .forEach((channel, from) -> windows.computeIfAbsent(channel, c -> new ArrayList<>())
                        .add(new LoadProfileBackfill.Window(from, now)));
        LoadProfileBackfill backfill = new LoadProfileBackfill(profile, windows, settings.maxRegistersPerRequest());
        if (!backfill.active()) {
            return modbus;
        }
        return new LoadProfileConnection(modbus, profile, backfill, device, rest -> unfinished.put(device, rest));
    }
}
