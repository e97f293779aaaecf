package io.gridhub.api.dispatch;

import java.util.Objects;

/**
 * A battery (a member's or the community's). Power limits in W, capacity in Wh, states of charge as fractions of
 * the capacity; the terminal state of charge is a lower bound at the end of the horizon. Efficiencies are one-way
 * (charge: grid side to cells; discharge: cells to grid side). Degradation is charged per kWh of throughput,
 * counting charged and discharged energy at the grid side.
 */
public record BatteryParameters(
        String assetId,
        double maxChargeW,
        double maxDischargeW,
        double capacityWh,
        double socMin,
        double socMax,
        double socInitial,
        double socTerminal,
        double chargeEfficiency,
        double dischargeEfficiency,
        double degradationEurPerKWh)
        implements AssetParameters {
    public BatteryParameters {
        Objects.requireNonNull(assetId, "assetId");
        String what = "battery " + assetId + ": ";
        if (!(maxChargeW >= 0) || !(maxDischargeW >= 0) || !(capacityWh > 0)) {
            throw new IllegalArgumentException(what + "power limits must be ≥ 0 and the capacity > 0");
        }
        if (!(0 <= socMin && socMin <= socMax && socMax <= 1)) {
            throw new IllegalArgumentException(what + "need 0 ≤ socMin ≤ socMax ≤ 1");
        }
        if (!(0 <= socInitial && socInitial <= 1) || !(0 <= socTerminal && socTerminal <= 1)) {
            throw new IllegalArgumentException(what + "initial and terminal state of charge must be within 0–1");
        }
        if (!(chargeEfficiency > 0 && chargeEfficiency <= 1)
                || !(dischargeEfficiency > 0 && dischargeEfficiency <= 1)) {
            throw new IllegalArgumentException(what + "efficiencies must be within (0, 1]");
        }
        if (!(degradationEurPerKWh >= 0)) {
            throw new IllegalArgumentException(what + "degradation cost must be ≥ 0");
        }
    }

    /** Typical home-battery values for an asset known only by its ratings: 10–90 % SOC, 95 % each way. */
    public static BatteryParameters typical(String assetId, double ratedPowerW, double capacityWh) {
        return new BatteryParameters(
                assetId, ratedPowerW, ratedPowerW, capacityWh, 0.1, 0.9, 0.5, 0.5, 0.95, 0.95, 0.02);
    }
}
