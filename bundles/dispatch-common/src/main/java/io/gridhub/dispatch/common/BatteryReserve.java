package io.gridhub.dispatch.common;

import io.gridhub.api.dispatch.AssetParameters;
import io.gridhub.api.dispatch.BatteryParameters;
import io.gridhub.api.dispatch.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The battery reserve of a governed dispatch policy ({@code batteryReserveWh}, docs/drills.md): energy the batteries
 * hold above their minimum state of charge for an outage, as a drill recommends it. It raises every battery's
 * {@code socMin} by the same share of its capacity (reserve ÷ the capacities added), so every planner (LP and rules)
 * keeps the batteries' energy at or above minimum + reserve at every step. A battery below that now is not made to
 * charge but may not discharge below where it is. Drills and an islanded community use the whole store: they plan on
 * the scenario without the reserve.
 */
public final class BatteryReserve {
    /** The scenario with the reserve held and what it did (empty notes: no reserve, or no battery). */
    public record Held(Scenario scenario, List<String> notes) {}

    private BatteryReserve() {}

    /** {@code scenario} with {@code reserveWh} held in its batteries (≤ 0: the scenario unchanged). */
    public static Held hold(Scenario scenario, double reserveWh) {
        double capacity = 0;
        double floorWh = 0;
        for (AssetParameters p : scenario.parameters()) {
            if (p instanceof BatteryParameters b) {
                capacity += b.capacityWh();
                floorWh += b.socMin() * b.capacityWh();
            }
        }
        if (!(reserveWh > 0) || capacity <= 0) {
            return new Held(scenario, List.of());
        }
        double share = reserveWh / capacity;
        List<AssetParameters> params = new ArrayList<>();
        List<String> below = new ArrayList<>();
        double heldWh = 0;
        for (AssetParameters p : scenario.parameters()) {
            if (p instanceof BatteryParameters b) {
                double wanted = Math.min(b.socMax(), b.socMin() + share);
                double min = Math.max(b.socMin(), Math.min(wanted, b.socInitial()));
                if (min < wanted - 1e-9) {
                    below.add(b.assetId());
                }
                heldWh += (min - b.socMin()) * b.capacityWh();
                params.add(new BatteryParameters(
                        b.assetId(),
                        b.maxChargeW(),
                        b.maxDischargeW(),
                        b.capacityWh(),
                        min,
                        b.socMax(),
                        b.socInitial(),
                        b.socTerminal(),
                        b.chargeEfficiency(),
                        b.dischargeEfficiency(),
                        b.degradationEurPerKWh()));
            } else {
                params.add(p);
            }
        }
        Scenario s = new Scenario(
                scenario.id(),
                scenario.community(),
                scenario.start(),
                scenario.step(),
                scenario.steps(),
                scenario.forecasts(),
                scenario.importPrice(),
                scenario.exportPrice(),
                params,
                scenario.sharedAssetFeeders(),
                scenario.policy());
        String note = String.format(
                Locale.ROOT,
                "battery reserve %.1f kWh held above the batteries' minimum (%.1f kWh)",
                reserveWh / 1000,
                floorWh / 1000);
        if (!below.isEmpty()) {
            note += String.format(
                    Locale.ROOT,
                    "; %s below it now: not discharged further (%.1f kWh held now)",
                    String.join(", ", below),
                    heldWh / 1000);
        }
        return new Held(s, List.of(note));
    }
}
