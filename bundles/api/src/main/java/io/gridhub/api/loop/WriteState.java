package io.gridhub.api.loop;

/**
 * What became of an asset's setpoint for the current step.
 * <ul>
 * <li>{@code ADVISORY}: not written, the asset or community is advisory;</li>
 * <li>{@code AWAITING_CONFIRMATION}: supervised, the plan waits for an operator; {@code EXPIRED}: it waited too
 * long;</li>
 * <li>{@code NO_DEVICE}: no device maps the asset's setpoint point;</li>
 * <li>{@code WRITTEN}: the device accepted the write, the read-back has not confirmed it yet;</li>
 * <li>{@code CONFIRMED}: read back (or confirmed by the device's command confirmation);</li>
 * <li>{@code RETRYING}: the last write was refused or failed, it will be tried again;</li>
 * <li>{@code SAFE_STATE}: writes failed as often as the policy allows: the asset was sent to its safe state and the
 * loop leaves it there until the next plan.</li>
 * </ul>
 */
public enum WriteState {
    ADVISORY,
    AWAITING_CONFIRMATION,
    EXPIRED,
    NO_DEVICE,
    WRITTEN,
    CONFIRMED,
    RETRYING,
    SAFE_STATE
}
