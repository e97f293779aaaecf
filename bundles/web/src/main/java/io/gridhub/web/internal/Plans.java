package io.gridhub.web.internal;

import io.gridhub.api.dispatch.PlanStore;
import io.gridhub.api.governance.Actor;
import io.gridhub.api.loop.LoopException;
import io.gridhub.api.loop.OperatingLoop;
import io.gridhub.api.loop.PlanPerformance;
import io.gridhub.api.loop.PlanStatus;
import io.gridhub.api.loop.SetpointStatus;
import io.gridhub.api.model.AssetSchedule;
import io.gridhub.api.model.Plan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plans: {@code GET /plans/latest[/{community}]} (from the plan store, as before the operating loop),
 * {@code GET /plans/{id}}, {@code GET /plans/{id}/performance} and {@code POST /plans/{id}/confirm} (an operator
 * confirms a supervised plan). A plan's JSON is the plan as made, plus — when the operating loop knows it — where it
 * stands: {@code community}, {@code mode}, {@code approval}, {@code confirmedBy}, … at the top and, per schedule,
 * an {@code execution} object saying what was written to the device (clamped, and why, when it differs from the
 * plan). Both services may be absent ({@code null}).
 */
final class Plans {
    private Plans() {}

    static void register(Handlers h, Services hub) {
        h.get("/api/v1/plans/latest", c -> latest(hub.now().loop(), hub.now().plans(), null));
        h.get(
                "/api/v1/plans/latest/{community}",
                c -> latest(hub.now().loop(), hub.now().plans(), c.decoded("community")));
        h.get("/api/v1/plans/{plan}", c -> plan(hub.now().loop(), hub.now().plans(), c.decoded("plan")));
        h.get("/api/v1/plans/{plan}/performance", c -> performanceOf(hub.now().loop(), c.decoded("plan")));
        h.post(
                "/api/v1/plans/{plan}/confirm",
                200,
                c -> confirm(
                        hub.now().loop(),
                        hub.now().plans(),
                        c.decoded("plan"),
                        c.caller().actor()));
    }

    /** The latest plan of the plan store, of one community when {@code community} is not null. */
    static Map<String, Object> latest(OperatingLoop loop, PlanStore store, String community) {
        if (store == null) {
            throw new ApiException(404, "no plan: the dispatch loop is not running");
        }
        Optional<Plan> plan = community != null ? store.latest(community) : store.latest();
        Plan p = plan.orElseThrow(() -> new ApiException(
                404,
                "no plan made yet" + (community != null ? " for community " + community : "")
                        + " (the first comes shortly after start)"));
        return json(p, loop == null ? null : loop.status(p.id()).orElse(null));
    }

    /** A plan the loop keeps (or the store's latest, by id), with where it stands. */
    static Map<String, Object> plan(OperatingLoop loop, PlanStore store, String id) {
        Plan p = find(loop, store, id);
        return json(p, loop == null ? null : loop.status(id).orElse(null));
    }

    static Map<String, Object> performanceOf(OperatingLoop loop, String id) {
        return performance(required(loop)
                .performance(id)
                .orElseThrow(() -> new ApiException(
                        404,
                        "no performance of plan " + id
                                + ": the operating loop does not know it (it keeps recent plans only)")));
    }

    /**
     * {@code POST /plans/{id}/confirm} by {@code actor} (the access filter let only operators and admins through):
     * 404 for a plan the loop does not know, 409 when it cannot be confirmed (not supervised, expired, superseded).
     */
    static Map<String, Object> confirm(OperatingLoop loop, PlanStore store, String id, Actor actor) {
        OperatingLoop l = required(loop);
        PlanStatus status;
        try {
            status = l.confirm(id, actor.name());
        } catch (LoopException e) {
            throw new ApiException(
                    switch (e.reason()) {
                        case NOT_FOUND -> 404;
                        case CONFLICT -> 409;
                    },
                    e.getMessage());
        }
        Plan plan = l.plan(id).orElseGet(() -> latestWithId(store, id));
        return plan == null ? json(status) : json(plan, status);
    }

    private static OperatingLoop required(OperatingLoop loop) {
        if (loop == null) {
            throw new ApiException(
                    503, "the operating loop is not running (bundle io.gridhub.loop, feature " + "gridhub-dispatch)");
        }
        return loop;
    }

    /** A plan the loop keeps, or the latest of the plan store when it has that id. */
    private static Plan find(OperatingLoop loop, PlanStore store, String id) {
        Optional<Plan> p = loop == null ? Optional.empty() : loop.plan(id);
        if (p.isPresent()) {
            return p.get();
        }
        Plan latest = latestWithId(store, id);
        if (latest != null) {
            return latest;
        }
        throw new ApiException(
                loop == null ? 503 : 404,
                loop == null
                        ? "plan " + id + ": the operating loop is not running, only /api/v1/plans/latest is known"
                        : "no plan " + id + ": the operating loop keeps recent plans only");
    }

    private static Plan latestWithId(PlanStore store, String id) {
        return store == null
                ? null
                : store.latest().filter(x -> x.id().equals(id)).orElse(null);
    }

    /** The plan as made, with where it stands when {@code status} is known (else as before the loop). */
    static Map<String, Object> json(Plan plan, PlanStatus status) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", plan.id());
        m.put("strategy", plan.strategy());
        m.put("strategyVersion", plan.strategyVersion());
        m.put("issueTime", plan.issueTime());
        m.put("start", plan.start());
        m.put("step", plan.step());
        m.put("steps", plan.steps());
        m.put("solveTime", plan.solveTime());
        if (status != null) {
            standing(m, status);
        }
        List<Map<String, Object>> schedules = new ArrayList<>();
        for (AssetSchedule s : plan.schedules()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("assetId", s.assetId());
            a.put("setpoint", s.setpoint());
            a.put("setpointsW", s.setpointsW());
            a.put("reason", s.reason());
            if (status != null) {
                status.setpoints().stream()
                        .filter(x -> x.assetId().equals(s.assetId()))
                        .findFirst()
                        .ifPresent(x -> a.put("execution", execution(x)));
            }
            schedules.add(a);
        }
        m.put("schedules", schedules);
        m.put("explanation", plan.explanation());
        return m;
    }

    /** Only the status, when the plan itself is gone (the loop no longer keeps it). */
    static Map<String, Object> json(PlanStatus status) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", status.planId());
        standing(m, status);
        m.put(
                "schedules",
                status.setpoints().stream()
                        .map(x -> {
                            Map<String, Object> a = new LinkedHashMap<>();
                            a.put("assetId", x.assetId());
                            a.put("setpoint", x.point());
                            a.put("execution", execution(x));
                            return a;
                        })
                        .toList());
        return m;
    }

    private static void standing(Map<String, Object> m, PlanStatus status) {
        m.put("community", status.community());
        m.put("mode", status.mode());
        m.put("approval", status.approval());
        m.put("confirmedBy", status.confirmedBy().isEmpty() ? null : status.confirmedBy());
        m.put("confirmedAt", status.confirmedAt());
        m.put("expiresAt", status.expiresAt());
    }

    static Map<String, Object> execution(SetpointStatus s) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("step", s.step());
        e.put("plannedW", s.plannedW());
        e.put("commandedW", s.commandedW());
        e.put("clamped", s.clamped());
        e.put("clampReason", s.clampReason());
        e.put("state", s.state());
        e.put("detail", s.detail());
        e.put("mode", s.mode());
        e.put("attempts", s.attempts());
        e.put("at", s.at());
        return e;
    }

    static Map<String, Object> performance(PlanPerformance p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("planId", p.planId());
        m.put("community", p.community());
        m.put("computedAt", p.computedAt());
        m.put("measuredIntervals", p.measuredIntervals());
        m.put("plannedCostEur", p.plannedCostEur());
        m.put("realisedCostEur", p.realisedCostEur());
        m.put("baselineCostEur", p.baselineCostEur());
        m.put("realisedSavingsEur", p.realisedSavingsEur());
        m.put("intervals", p.intervals());
        return m;
    }
}
