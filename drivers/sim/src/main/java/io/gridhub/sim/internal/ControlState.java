package io.gridhub.sim.internal;

/**
 * Who drives a simulated device's power, with the number it shows in its register (Modbus ir:1, IEC 61850
 * GGIO1.IntIn1).
 */
public enum ControlState {
    /** Its own rule (no remote write yet): the community battery covers half of the net import, the IED holds 0. */
    LOCAL(0),
    /** Follows the remote setpoint; every accepted write restarts the watchdog. */
    REMOTE(1),
    /** The watchdog expired: 0 W and the setpoint reset to 0, until the next remote write. */
    SAFE(2);

    private final int code;

    ControlState(int code) {
        this.code = code;
    }

    /** The value the device shows for this state. */
    public int code() {
        return code;
    }
}
