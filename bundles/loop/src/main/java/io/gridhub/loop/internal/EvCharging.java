package io.gridhub.loop.internal;

import io.gridhub.api.audit.AuditException;
import io.gridhub.api.audit.AuditTrail;
import io.gridhub.api.dispatch.AssetParameters;
import io.gridhub.api.dispatch.EvParameters;
import io.gridhub.api.ev.ChargingStations;
import io.gridhub.api.ev.EvSession;
import io.gridhub.api.ev.ProfilePeriod;
import io.gridhub.api.ev.ProfileResult;
import io.gridhub.api.loop.ControlMode;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.AssetSchedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * EV charging sessions in the loop: the open sessions of the community's EV chargers become the plan's EV
 * constraints, and each plan's power for a charger with a session goes to its charge point as a charging profile.
 * A session whose charge point is offline has no constraint (the plan does not count on it) and gets no profile.
 */
final class EvCharging {
    /** The sessions planned in one cycle and what the stage reason says of them. */
    record Planned(List<AssetParameters> sessions, String note) {}

    /** The plan of the profile sent last to a session, when, and whether the charge point accepted it. */
    private record Sent(String planId, Instant at, boolean accepted) {}

    private final Clock clock;
    private final Duration retry;
    private final Map<String, Sent> sent = new ConcurrentHashMap<>();

    /**
     * @param retry how long after a profile the charge point did not accept the same plan's profile is sent again
     */
    EvCharging(Clock clock, Duration retry) {
        this.clock = clock;
        this.retry = retry;
    }

    /**
     * The EV constraints of a cycle: each ACTIVE session at one of the community's EV chargers from the plan step
     * that holds {@code now} (so that the step running now may charge) to the last whole step before its departure,
     * needing at most 95 % of what its rated power can deliver in those steps.
     */
    static Planned sessions(Optional<ChargingStations> stations, Topo topo, Instant now, Instant start, Duration step) {
        if (stations.isEmpty()) {
            return new Planned(List.of(), "");
        }
        Set<String> chargers = chargers(topo);
        List<AssetParameters> out = new ArrayList<>();
        int offline = 0;
        for (EvSession s : stations.get().sessions()) {
            if (!chargers.contains(s.assetId()) || s.state() == EvSession.State.ENDED) {
                continue;
            }
            EvParameters p = s.toEvParameters(now);
            if (p == null) {
                offline += s.state() == EvSession.State.OFFLINE ? 1 : 0;
                continue;
            }
            long stepMs = step.toMillis();
            Instant from = Instant.ofEpochMilli(Math.floorDiv(p.arrival().toEpochMilli(), stepMs) * stepMs);
            from = from.isBefore(start) ? start : from;
            Instant to = Instant.ofEpochMilli(Math.floorDiv(p.departure().toEpochMilli(), stepMs) * stepMs);
            if (!to.isAfter(from)) {
                continue;
            }
            // As for flexible loads: at most 95 % of what the rated power delivers, so that no need makes the plan
            // infeasible.
            double deliverable =
                    0.95 * p.maxPowerW() * Duration.between(from, to).toMillis() / 3_600_000.0;
            out.add(new EvParameters(
                    p.assetId(), from, to, Math.min(p.energyWh(), deliverable), p.maxPowerW(), p.minPowerW()));
        }
        List<String> parts = new ArrayList<>();
        if (!out.isEmpty()) {
            parts.add(out.size() + " EV sessions");
        }
        if (offline > 0) {
            parts.add(offline + " EV sessions offline (their constraints relaxed)");
        }
        return new Planned(out, String.join(", ", parts));
    }

    private static Set<String> chargers(Topo topo) {
        return topo.of(AssetKind.EV_CHARGER).stream().map(p -> p.asset().id()).collect(Collectors.toSet());
    }

    /**
     * Sends the plan's power of each EV charger with an active session as a charging profile: one period per run of
     * equal step values from the step holding now, in W; negative values only to a charge point that can
     * discharge (else 0). Each session gets a plan's profile once (again after {@code retry} when it was not
     * accepted). Every profile is audited before it goes out (without an audit trail none does) and with the
     * charge point's answer.
     *
     * @param modes the per-asset limits of the community's mode
     * @return what was sent, for the Execute stage's reason ({@code ""}: nothing)
     */
    String execute(
            Optional<ChargingStations> stations,
            Topo topo,
            PlanRecord run,
            ControlMode mode,
            Map<String, ControlMode> modes,
            Optional<AuditTrail> audit) {
        if (stations.isEmpty() || run == null) {
            return "";
        }
        Instant now = clock.instant();
        int i = run.stepAt(now);
        if (i < 0) {
            return "";
        }
        Set<String> chargers = chargers(topo);
        Map<String, AssetSchedule> schedules = run.plan.schedules().stream()
                .filter(s -> chargers.contains(s.assetId()))
                .collect(Collectors.toMap(AssetSchedule::assetId, s -> s, (a, b) -> a));
        int sentNow = 0;
        List<String> problems = new ArrayList<>();
        Set<String> open = new HashSet<>();
        for (EvSession s : stations.get().sessions()) {
            AssetSchedule sc = schedules.get(s.assetId());
            if (s.state() != EvSession.State.ACTIVE || sc == null) {
                continue;
            }
            open.add(s.id());
            if (mode.min(modes.getOrDefault(s.assetId(), ControlMode.AUTONOMOUS)) == ControlMode.ADVISORY) {
                continue;
            }
            Sent last = sent.get(s.id());
            if (last != null
                    && last.planId().equals(run.plan.id())
                    && (last.accepted() || now.isBefore(last.at().plus(retry)))) {
                continue;
            }
            if (audit.isEmpty()) {
                problems.add("no audit trail is running: no charging profile is sent");
                break;
            }
            List<ProfilePeriod> periods = periods(run, sc.setpointsW(), i, s.canDischarge());
            String detail = String.format(
                    Locale.ROOT,
                    "plan=%s asset=%s session=%s connector=%d step=%d periods=%s",
                    run.plan.id(),
                    s.assetId(),
                    s.id(),
                    s.connectorId(),
                    i,
                    periods.stream()
                            .map(p -> Math.round(p.limitW()) + "W@" + p.start())
                            .collect(Collectors.joining(",")));
            String subject = "ev." + s.chargePointId();
            try {
                audit.get().append("loop", "loop", "ev.profile", subject, "requested", detail);
            } catch (AuditException e) {
                problems.add("the audit trail refused the record of a charging profile, so it was not sent: "
                        + e.getMessage());
                continue;
            }
            sent.put(s.id(), new Sent(run.plan.id(), now, false));
            sentNow++;
            String planId = run.plan.id();
            stations.get()
                    .applyProfile(s.chargePointId(), s.connectorId(), periods)
                    .thenAccept(r -> answered(audit.get(), subject, detail, s.id(), planId, now, r));
        }
        sent.keySet().retainAll(open);
        String reason = sentNow == 0 ? "" : sentNow + " charging profiles sent";
        if (!problems.isEmpty()) {
            reason = (reason.isEmpty() ? "" : reason + "; ") + problems.get(0);
        }
        return reason;
    }

    private void answered(
            AuditTrail audit,
            String subject,
            String detail,
            String session,
            String planId,
            Instant at,
            ProfileResult r) {
        sent.computeIfPresent(session, (k, v) -> v.planId().equals(planId) ? new Sent(planId, at, r.accepted()) : v);
        try {
            audit.append(
                    "loop",
                    "loop",
                    "ev.profile",
                    subject,
                    r.accepted() ? "accepted" : r.status().name().toLowerCase(Locale.ROOT) + ": " + r.detail(),
                    detail);
        } catch (AuditException e) {
            // The profile went out; only its answer's record is missing.
        }
    }

    /** The plan's values from step {@code i}, equal neighbours merged, negatives cut to 0 unless it discharges. */
    static List<ProfilePeriod> periods(PlanRecord run, double[] w, int i, boolean canDischarge) {
        List<ProfilePeriod> out = new ArrayList<>();
        Double last = null;
        for (int k = i; k < w.length; k++) {
            double v = canDischarge ? w[k] : Math.max(0, w[k]);
            if (last == null || Math.abs(v - last) > 0.5) {
                out.add(new ProfilePeriod(run.plan.start().plus(run.plan.step().multipliedBy(k)), v));
                last = v;
            }
        }
        return out;
    }
}
