package io.gridhub.api.model;

/** The role a point plays: read-only values, counters, or something the hub may write. */
public enum PointKind {
    MEASUREMENT,
    STATUS,
    ENERGY_COUNTER,
    SETPOINT,
    COMMAND;

    /** Whether the hub may write this point (setpoints and commands only). */
    public boolean writable() {
        return this == SETPOINT || this == COMMAND;
    }
}
