package io.gridhub.api.dispatch;

import io.gridhub.api.check.Fields;
import java.time.Instant;

/**
 * An EV charging session: the car is plugged in from {@code arrival} to {@code departure} and needs
 * {@code energyWh}, charged at up to {@code maxPowerW}. A {@code minPowerW} above 0 means the charger either
 * charges at least that much or not at all (IEC 61851's 6 A minimum): this asks for binary variables (a MILP).
 * A plan step belongs to the session when it lies wholly inside it.
 */
public record EvParameters(
        String assetId, Instant arrival, Instant departure, double energyWh, double maxPowerW, double minPowerW)
        implements AssetParameters {
    public EvParameters {
        Fields.require("assetId arrival departure", assetId, arrival, departure);
        if (!departure.isAfter(arrival)) {
            throw new IllegalArgumentException("EV " + assetId + ": departure must be after arrival");
        }
        if (!(energyWh >= 0) || !(maxPowerW > 0) || !(minPowerW >= 0 && minPowerW <= maxPowerW)) {
            throw new IllegalArgumentException(
                    "EV " + assetId + ": need energy ≥ 0, maxPowerW > 0 and " + "0 ≤ minPowerW ≤ maxPowerW");
        }
    }

    /** Whether this session needs an on/off decision per step. */
    public boolean needsBinaries() {
        return minPowerW > 0;
    }
}
