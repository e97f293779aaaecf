package io.gridhub.sim.internal;

/**
 * The simulated battery both device simulators share: power clamped to the rating, no discharge at or below 10 %
 * state of charge and no charge at or above 95 %, energy integrated over the time since the last step. Discharge
 * is positive (the device's own convention in both simulators).
 */
final class BatteryModel {
    private final double ratedPowerW;
    private final double capacityWh;
    private double soc;
    private long lastMillis;

    BatteryModel(double ratedPowerW, double capacityWh, double initialSocPercent, long nowMillis) {
        this.ratedPowerW = ratedPowerW;
        this.capacityWh = capacityWh;
        this.soc = initialSocPercent;
        this.lastMillis = nowMillis;
    }

    /** Runs the battery at {@code wantedW} since the last step; returns the power it really ran at. */
    double step(double wantedW, long nowMillis) {
        double hours = (nowMillis - lastMillis) / 3_600_000.0;
        lastMillis = nowMillis;
        double p = Math.max(-ratedPowerW, Math.min(ratedPowerW, wantedW));
        if ((p > 0 && soc <= 10) || (p < 0 && soc >= 95) || !Double.isFinite(p)) {
            p = 0;
        }
        soc = Math.max(0, Math.min(100, soc - p * hours / capacityWh * 100));
        return p;
    }

    /** State of charge, percent. */
    double soc() {
        return soc;
    }

    /** The time of the last step (or of the start), for a simulator that integrates more than the battery. */
    long lastMillis() {
        return lastMillis;
    }
}
