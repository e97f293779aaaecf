package io.gridhub.api.dispatch;

import io.gridhub.api.check.Fields;
import java.time.Instant;

/**
 * A load that must receive {@code energyWh} within {@code [windowStart, windowEnd)} at a power between
 * {@code minPowerW} and {@code maxPowerW} in each step of the window, and draws nothing outside it. A plan step
 * belongs to the window when it lies wholly inside it.
 */
public record FlexibleLoadParameters(
        String assetId, Instant windowStart, Instant windowEnd, double energyWh, double minPowerW, double maxPowerW)
        implements AssetParameters {
    public FlexibleLoadParameters {
        Fields.require("assetId windowStart windowEnd", assetId, windowStart, windowEnd);
        if (!windowEnd.isAfter(windowStart)) {
            throw new IllegalArgumentException("flexible load " + assetId + ": the window must end after it starts");
        }
        if (!(energyWh >= 0) || !(minPowerW >= 0) || !(maxPowerW >= minPowerW)) {
            throw new IllegalArgumentException(
                    "flexible load " + assetId + ": need energy ≥ 0 and 0 ≤ minPowerW ≤ maxPowerW");
        }
    }
}
