package io.gridhub.loop.internal;

import io.gridhub.api.loop.ControlMode;
import io.gridhub.api.loop.PlanApproval;
import io.gridhub.api.model.Plan;
import io.gridhub.api.model.TimeSeries;
import java.time.Instant;

/**
 * A plan the loop made, with what it needs later: the prices it was made for (to cost it against measurements),
 * the community's mode then, and its confirmation. The approval follows the mode in force: a plan made while the
 * community was advisory is executed once the community becomes autonomous.
 */
final class PlanRecord {
    final Plan plan;
    final String community;
    final TimeSeries importPrice;
    final TimeSeries exportPrice;
    final Instant expiresAt;
    private volatile String confirmedBy = "";
    private volatile Instant confirmedAt;

    PlanRecord(Plan plan, String community, TimeSeries importPrice, TimeSeries exportPrice, Instant expiresAt) {
        this.plan = plan;
        this.community = community;
        this.importPrice = importPrice;
        this.exportPrice = exportPrice;
        this.expiresAt = expiresAt;
    }

    void confirm(String operator, Instant at) {
        confirmedBy = operator;
        confirmedAt = at;
    }

    String confirmedBy() {
        return confirmedBy;
    }

    Instant confirmedAt() {
        return confirmedAt;
    }

    boolean confirmed() {
        return confirmedAt != null;
    }

    /** Whether the plan may be executed under a mode, now. */
    PlanApproval approval(ControlMode mode, Instant now) {
        return switch (mode) {
            case ADVISORY -> PlanApproval.ADVISORY;
            case AUTONOMOUS -> confirmed() ? PlanApproval.CONFIRMED : PlanApproval.NOT_NEEDED;
            case SUPERVISED ->
                confirmed()
                        ? PlanApproval.CONFIRMED
                        : now.isBefore(expiresAt) ? PlanApproval.PENDING : PlanApproval.EXPIRED;
        };
    }

    /** Whether the plan may be executed now: no confirmation needed, or confirmed, and a step of it holds now. */
    boolean runs(ControlMode mode, Instant now) {
        PlanApproval a = approval(mode, now);
        return (a == PlanApproval.NOT_NEEDED || a == PlanApproval.CONFIRMED) && stepAt(now) >= 0;
    }

    /** The step of the plan that holds an instant, or −1 outside it. */
    int stepAt(Instant t) {
        long i = Math.floorDiv(
                t.toEpochMilli() - plan.start().toEpochMilli(), plan.step().toMillis());
        return i < 0 || i >= plan.steps() ? -1 : (int) i;
    }
}
