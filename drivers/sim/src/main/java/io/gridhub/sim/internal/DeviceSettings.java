package io.gridhub.sim.internal;

/**
 * What both battery device simulators (the Modbus community battery, the IEC 61850 PV + battery IED) are set up
 * with, checked once.
 *
 * @param port            TCP port on 127.0.0.1
 * @param ratedPowerW     battery power limit both ways, W
 * @param capacityWh      battery usable energy, Wh
 * @param periodMillis    milliseconds between model steps (and watchdog checks)
 * @param watchdogSeconds seconds without a setpoint write until the safe state
 */
record DeviceSettings(int port, double ratedPowerW, double capacityWh, int periodMillis, int watchdogSeconds) {
    DeviceSettings {
        if (port < 1
                || port > 65535
                || !(ratedPowerW > 0)
                || !(capacityWh > 0)
                || periodMillis < 1
                || watchdogSeconds < 1) {
            throw new IllegalArgumentException("bad simulator settings: port " + port + ", rated " + ratedPowerW
                    + " W, capacity " + capacityWh + " Wh, period " + periodMillis + " ms, watchdog "
                    + watchdogSeconds + " s");
        }
    }
}
