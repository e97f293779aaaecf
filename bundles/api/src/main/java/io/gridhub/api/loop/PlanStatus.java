package io.gridhub.api.loop;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

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
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(community, "community");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(approval, "approval");
        confirmedBy = confirmedBy == null ? "" : confirmedBy;
        setpoints = List.copyOf(setpoints == null ? List.of() : setpoints);
    }
}
