package io.gridhub.api.loop;

import java.util.Locale;

/**
 * Who decides whether a plan reaches the devices. {@code ADVISORY}: plans only. {@code SUPERVISED}: an operator
 * confirms each plan, an unconfirmed plan expires. {@code AUTONOMOUS}: plans are executed without confirmation;
 * moving a community there is a governed change. An asset's mode can only be lower than its community's.
 */
public enum ControlMode {
    ADVISORY,
    SUPERVISED,
    AUTONOMOUS;

    /** The lower of two modes. */
    public ControlMode min(ControlMode other) {
        return compareTo(other) <= 0 ? this : other;
    }

    /** Parses {@code advisory}, {@code supervised} or {@code autonomous} (any case). */
    public static ControlMode parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(
                    "control mode must be advisory, supervised or autonomous, got '" + s + "'");
        }
    }
}
