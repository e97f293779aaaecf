package io.gridhub.api.ev;

import io.gridhub.api.check.Fields;
import java.time.Instant;
import java.util.Map;

/**
 * One configured charge point.
 *
 * @param id           its OCPP identity (the last path segment of its WebSocket URL)
 * @param connected    whether its WebSocket is open now
 * @param booted       whether it sent a BootNotification on this connection (and was accepted)
 * @param vendor       chargePointVendor from its BootNotification ({@code ""} before)
 * @param model        chargePointModel from its BootNotification ({@code ""} before)
 * @param lastSeen     its last message ({@code null} when never connected)
 * @param connectors   connector id → its last StatusNotification status (0 is the charge point as a whole)
 * @param canDischarge whether it may be asked to discharge (V2G)
 * @param maxPowerW    its rated power, W
 */
public record ChargePointInfo(
        String id,
        boolean connected,
        boolean booted,
        String vendor,
        String model,
        Instant lastSeen,
        Map<Integer, String> connectors,
        boolean canDischarge,
        double maxPowerW) {
    public ChargePointInfo {
        Fields.require("id", id);
        vendor = Fields.orEmpty(vendor);
        model = Fields.orEmpty(model);
        connectors = Fields.copyOf(connectors);
    }
}
