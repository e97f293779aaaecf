package io.gridhub.web.internal;

import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.loop.ControlAuthority;
import io.gridhub.api.loop.ControlMode;
import io.gridhub.api.loop.LoopException;
import io.gridhub.api.loop.OperatingLoop;
import io.gridhub.api.loop.PlanApproval;
import io.gridhub.api.loop.PlanPerformance;
import io.gridhub.api.loop.PlanStatus;
import io.gridhub.api.loop.StageRun;
import io.gridhub.api.model.Plan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An operating loop as maps: what a test puts in, the resources read; confirm follows the supervised rules. */
final class FakeLoop implements OperatingLoop {
    final Map<String, ControlAuthority> authorities = new HashMap<>();
    final Map<String, List<StageRun>> stages = new HashMap<>();
    final Map<String, Plan> plans = new HashMap<>();
    final Map<String, PlanStatus> statuses = new HashMap<>();
    final Map<String, PlanPerformance> performances = new HashMap<>();
    final Map<String, Scenario> scenarios = new HashMap<>();
    final List<String> confirmedBy = new ArrayList<>();
    Instant now = Instant.parse("2026-12-07T10:00:00Z");

    @Override
    public List<String> communities() {
        return authorities.keySet().stream().sorted().toList();
    }

    @Override
    public List<StageRun> stages(String community) {
        return stages.getOrDefault(community, List.of());
    }

    @Override
    public ControlAuthority authority(String community) {
        return authorities.getOrDefault(community, new ControlAuthority(community, ControlMode.ADVISORY, "default"));
    }

    @Override
    public Optional<Plan> plan(String planId) {
        return Optional.ofNullable(plans.get(planId));
    }

    @Override
    public Optional<PlanStatus> status(String planId) {
        return Optional.ofNullable(statuses.get(planId));
    }

    @Override
    public PlanStatus confirm(String planId, String operator) throws LoopException {
        PlanStatus s = statuses.get(planId);
        if (s == null) {
            throw new LoopException(LoopException.Reason.NOT_FOUND, "no plan " + planId);
        }
        if (s.approval() != PlanApproval.PENDING) {
            throw new LoopException(
                    LoopException.Reason.CONFLICT, "plan " + planId + " is " + s.approval() + ", not pending");
        }
        PlanStatus c = new PlanStatus(
                planId, s.community(), s.mode(), PlanApproval.CONFIRMED, operator, now, s.expiresAt(), s.setpoints());
        statuses.put(planId, c);
        confirmedBy.add(operator);
        return c;
    }

    @Override
    public Optional<PlanPerformance> performance(String planId) {
        return Optional.ofNullable(performances.get(planId));
    }

    @Override
    public Optional<Scenario> scenario(String community) {
        return Optional.ofNullable(scenarios.get(community));
    }
}
