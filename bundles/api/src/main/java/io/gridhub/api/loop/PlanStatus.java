package io.gridhub.api.loop;

import io.gridhub.api.check.Fields;
import java.time.Instant;
import java.util.List;

/**
 * Where a plan stands: the community's mode when it was governed, whether it may be executed (and who confirmed
 * it, until when it waits), and each scheduled asset's setpoint now.
 */
public record PlanStatus(
        String planId,
        String community,
        ControlMode mode,
        PlanApproval approval,
        String confirmedBy,
        Instant confirmedAt,
        Instant expiresAt,
        List<SetpointStatus> setpoints) {
    public PlanStatus {
        Fields.require("planId community mode approval", planId, community, mode, approval);
        confirmedBy = Fields.orEmpty(confirmedBy);
        setpoints = Fields.copyOf(setpoints);
    }
}
