package io.gridhub.sim.internal;

import java.time.Clock;
import java.util.function.DoubleSupplier;

/**
 * Who drives a battery and at what power, with a device-side watchdog: the rule of the Modbus community battery
 * ({@link ModbusBattery}) without its registers. LOCAL at start: the owner's own rule (a community battery covers half
 * of the community's net import, a home battery its home's), given as the power it wants. A setpoint or heartbeat
 * write makes it REMOTE and restarts the watchdog; none for the watchdog
 * time and it goes SAFE: 0 W, the setpoint reset to 0, until the next write. The battery integrates over simulated
 * time; the watchdog runs on wall time, so that an accelerated clock does not shorten the time the hub has to write.
 */
final class BatteryControl {
    private final BatteryModel battery;
    private final DoubleSupplier localRule;
    private final Clock sim;
    private final Watchdog watchdog;
    private double setpointW;
    private double powerW;

    BatteryControl(
            String name,
            double ratedPowerW,
            double capacityWh,
            int watchdogSeconds,
            DoubleSupplier localRule,
            Clock sim,
            Clock wall) {
        this.battery = new BatteryModel(ratedPowerW, capacityWh, 50, sim.millis());
        this.localRule = localRule;
        this.sim = sim;
        this.watchdog = new Watchdog(name, watchdogSeconds, wall);
    }

    /** A setpoint write, W (+ discharge): REMOTE, the watchdog restarts. */
    synchronized void setpoint(double w) {
        setpointW = w;
        watchdog.written("setpoint " + w + " W");
    }

    /** A heartbeat write: REMOTE at the last setpoint, the watchdog restarts. */
    synchronized void heartbeat() {
        watchdog.written("heartbeat");
    }

    /**
     * Checks the watchdog and runs the battery from the last step to now.
     *
     * @return true when the watchdog expired in this step (the setpoint was reset to 0)
     */
    synchronized boolean step() {
        boolean expired = watchdog.expire("0 W, setpoint reset");
        if (expired) {
            setpointW = 0;
        }
        double want = switch (watchdog.state()) {
            case LOCAL -> localRule.getAsDouble();
            case REMOTE -> setpointW;
            case SAFE -> 0;
        };
        powerW = battery.step(want, sim.millis());
        return expired;
    }

    synchronized ControlState state() {
        return watchdog.state();
    }

    /** The setpoint in force, W (0 after the watchdog expired). */
    synchronized double setpointW() {
        return setpointW;
    }

    /** The power of the last step, W (+ discharge). */
    synchronized double powerW() {
        return powerW;
    }

    synchronized double soc() {
        return battery.soc();
    }
}
