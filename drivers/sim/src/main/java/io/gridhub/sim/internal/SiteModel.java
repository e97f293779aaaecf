package io.gridhub.sim.internal;

import io.gridhub.api.model.AssetKind;

/**
 * A simulated site: a household load and PV from the recorded profile (shifted by whole days and scaled per
 * member so that members differ), and an optional battery run on simple self-consumption. Powers in W with the
 * hub's sign convention; the meter is what remains at the connection point (+ import).
 */
final class SiteModel {
    private final HouseholdProfile profile;
    private final double shiftIntervals;
    private final double loadScale;
    private final double pvScale;
    private final double batteryPowerW;
    private final double batteryCapacityWh;
    private double socWh;
    private double importWh;
    private double exportWh;

    SiteModel(
            HouseholdProfile profile,
            int dayShift,
            double loadScale,
            double pvPeakW,
            double batteryPowerW,
            double batteryCapacityWh) {
        this.profile = profile;
        this.shiftIntervals = dayShift * 48.0;
        this.loadScale = loadScale;
        this.pvScale = pvPeakW > 0 && profile.peakPvW() > 0 ? pvPeakW / profile.peakPvW() : 0;
        this.batteryPowerW = batteryPowerW;
        this.batteryCapacityWh = batteryCapacityWh;
        this.socWh = batteryCapacityWh / 2;
    }

    /** The state at {@code epochSecond}, advancing the battery and counters by {@code dtSeconds}. */
    State step(double epochSecond, double dtSeconds) {
        double pos = epochSecond / HouseholdProfile.INTERVAL_SECONDS + shiftIntervals;
        double load = profile.loadW(pos) * loadScale;
        double pv = profile.pvW(pos) * pvScale;
        double battery = 0;
        if (batteryCapacityWh > 0) {
            double surplus = pv - load;
            double hours = dtSeconds / 3600;
            if (surplus > 0) {
                battery = -Math.min(Math.min(surplus, batteryPowerW), (batteryCapacityWh - socWh) / hours);
            } else {
                battery = Math.min(Math.min(-surplus, batteryPowerW), socWh / hours);
            }
            socWh -= battery * hours;
        }
        double meter = load - pv - battery;
        double hours = dtSeconds / 3600;
        if (meter > 0) {
            importWh += meter * hours;
        } else {
            exportWh -= meter * hours;
        }
        double soc = batteryCapacityWh > 0 ? 100 * socWh / batteryCapacityWh : Double.NaN;
        return new State(load, pv, battery, soc, meter, importWh, exportWh);
    }

    record State(
            double loadW,
            double pvW,
            double batteryW,
            double socPercent,
            double meterW,
            double importWh,
            double exportWh) {
        double powerOf(AssetKind kind) {
            return switch (kind) {
                case LOAD -> loadW;
                case PV -> pvW;
                case BATTERY -> batteryW;
                case METER -> meterW;
                default -> Double.NaN;
            };
        }
    }
}
