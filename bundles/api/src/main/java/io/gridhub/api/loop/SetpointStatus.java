package io.gridhub.api.loop;

import io.gridhub.api.check.Fields;
import io.gridhub.api.model.PointId;
import java.time.Instant;

/**
 * An asset's setpoint now: the plan's value for the current step, the value commanded after the safety envelope
 * (clamped, with the reason, when it differed), what became of the write, and under which authority.
 *
 * @param point    the setpoint point written (null when the asset has none)
 * @param at       when the state last changed
 * @param attempts writes of this value so far
 */
public record SetpointStatus(
        String assetId,
        PointId point,
        Instant at,
        int step,
        double plannedW,
        double commandedW,
        String clampReason,
        WriteState state,
        String detail,
        ControlMode mode,
        int attempts) {
    public SetpointStatus {
        Fields.require("assetId at state mode", assetId, at, state, mode);
        clampReason = Fields.orEmpty(clampReason);
        detail = Fields.orEmpty(detail);
    }

    public boolean clamped() {
        return !clampReason.isEmpty();
    }
}
