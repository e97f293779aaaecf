package io.gridhub.loop.internal;

import io.gridhub.api.audit.AuditException;
import io.gridhub.api.audit.AuditTrail;
import io.gridhub.api.bus.LatestValues;
import io.gridhub.api.driver.PointWriter;
import io.gridhub.api.event.HubEvents;
import io.gridhub.api.event.Severity;
import io.gridhub.api.loop.ControlMode;
import io.gridhub.api.loop.PlanApproval;
import io.gridhub.api.loop.SetpointStatus;
import io.gridhub.api.loop.StageOutcome;
import io.gridhub.api.loop.WriteState;
import io.gridhub.api.model.AssetSchedule;
import io.gridhub.api.model.Feeder;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The Execute stage of one community: on every tick, each scheduled asset's setpoint for the current step passes
 * the safety envelope and goes to its device through the driver host, when its mode and the plan's approval allow.
 * A write is confirmed by read-back of the setpoint point; a refused or failed write is retried up to the policy's
 * attempts, then the asset is sent to its safe state (0 W) and left there until the next plan, with an event. Each
 * write is audited first: without an audit trail nothing is written. Devices with a heartbeat point get a fresh
 * heartbeat on every tick, so that their watchdog takes them to their safe state when the loop stops.
 */
final class SetpointExecutor {
    /** The write policy. */
    record Policy(
            Duration tick,
            Duration writeTimeout,
            int maxAttempts,
            Duration refresh,
            Duration confirmTimeout,
            Map<String, ControlMode> assetModes) {}

    /** The outcome of one tick. */
    record Tick(StageOutcome outcome, String reason) {}

    private static final class AssetState {
        String planId = "";
        int step = -1;
        double planned;
        double commanded;
        String clamp = "";
        WriteState state = WriteState.ADVISORY;
        String detail = "";
        ControlMode mode = ControlMode.ADVISORY;
        int attempts;
        Instant at;
        Double lastWritten;
        Instant lastWriteAt;

        /** Records the asset's status at a step; its time changes only with the state, plan or step. */
        void set(Step step, double commanded, String clampReason, WriteState newState, String why, Instant when) {
            boolean same = state == newState && planId.equals(step.planId()) && this.step == step.index();
            planId = step.planId();
            this.step = step.index();
            planned = step.planned();
            this.commanded = commanded;
            clamp = clampReason;
            state = newState;
            detail = why;
            mode = step.mode();
            if (!same || at == null) {
                at = when;
            }
        }

        /** The status of a setpoint that passed the envelope as {@code c}. */
        void set(Step step, Envelope.Clamp c, WriteState newState, String why, Instant when) {
            set(step, c.valueW(), c.reason(), newState, why, when);
        }

        /** The status of a setpoint that was not written. */
        void unwritten(Step step, WriteState newState, String why, Instant when) {
            set(step, Double.NaN, "", newState, why, when);
        }
    }

    /** One asset's setpoint in one tick: the plan, its step, the planned value and the mode in force. */
    private record Step(String planId, int index, double planned, ControlMode mode) {}

    /** What a tick works with and collects: its services, its time and the problems it reports. */
    private record Round(Services services, Instant now, List<String> problems) {}

    private final String community;
    private final Policy policy;
    private final Envelope envelope;
    private final Clock clock;
    private final Map<String, AssetState> assets = new ConcurrentHashMap<>();
    private final Map<String, Boolean> heartbeatMapped = new ConcurrentHashMap<>();
    private long heartbeat;
    private volatile String trouble = "";

    SetpointExecutor(String community, Policy policy, Envelope envelope, Clock clock) {
        this.community = community;
        this.policy = policy;
        this.envelope = envelope;
        this.clock = clock;
    }

    /** The services a tick uses; any of them may be missing. */
    record Services(
            Optional<PointWriter> writer,
            Optional<AuditTrail> audit,
            Optional<HubEvents> events,
            LatestValues latest) {}

    /**
     * One tick: the plan to execute (the newest one whose approval allows it) under the community's mode.
     * {@code plans} newest first.
     */
    synchronized Tick tick(
            Topo topo, List<PlanRecord> plans, ControlMode mode, Services services, Supplier<Snapshot> sense) {
        Instant now = clock.instant();
        PlanRecord newest = plans.isEmpty() ? null : plans.get(0);
        if (newest == null) {
            return new Tick(StageOutcome.SKIPPED, "no plan yet");
        }
        PlanRecord run = null;
        for (PlanRecord p : plans) {
            if (p.runs(mode, now)) {
                run = p;
                break;
            }
        }
        if (run == null) {
            PlanApproval a = newest.approval(mode, now);
            WriteState s = switch (a) {
                case PENDING -> WriteState.AWAITING_CONFIRMATION;
                case EXPIRED -> WriteState.EXPIRED;
                default -> WriteState.ADVISORY;
            };
            for (AssetSchedule sc : newest.plan.schedules()) {
                int i = newest.stepAt(now);
                state(sc.assetId())
                        .unwritten(
                                new Step(newest.plan.id(), i, i >= 0 ? sc.setpointsW()[i] : 0, mode),
                                s,
                                s == WriteState.ADVISORY
                                        ? "not written: the community is "
                                                + mode.name().toLowerCase(Locale.ROOT)
                                        : a == PlanApproval.PENDING
                                                ? "waits for an operator's confirmation " + "until " + newest.expiresAt
                                                : "not confirmed before " + newest.expiresAt,
                                now);
            }
            return new Tick(
                    StageOutcome.SKIPPED,
                    mode == ControlMode.ADVISORY
                            ? "advisory: plans are not executed"
                            : "no confirmed plan covers now (" + a.name().toLowerCase(Locale.ROOT) + ")");
        }
        if (services.audit().isEmpty()) {
            return new Tick(
                    StageOutcome.FAILED,
                    "no audit trail is running: nothing is written (devices fall back "
                            + "to their safe state when their watchdog expires)");
        }
        if (services.writer().isEmpty()) {
            return new Tick(StageOutcome.FAILED, "no driver host is running: nothing can be written");
        }
        Snapshot snap = sense.get();
        Map<String, Topo.Placed> byId = topo.byId();
        int i = run.stepAt(now);
        int written = 0;
        int confirmed = 0;
        int failed = 0;
        int noDevice = 0;
        int clamped = 0;
        List<String> problems = new ArrayList<>();
        Round round = new Round(services, now, problems);
        for (AssetSchedule sc : run.plan.schedules()) {
            Topo.Placed placed = byId.get(sc.assetId());
            AssetState st = state(sc.assetId());
            ControlMode assetMode = mode.min(policy.assetModes().getOrDefault(sc.assetId(), ControlMode.AUTONOMOUS));
            if (!st.planId.equals(run.plan.id())) {
                st.attempts = 0;
                if (st.state == WriteState.SAFE_STATE) {
                    st.state = WriteState.RETRYING;
                }
            }
            double planned = sc.setpointsW()[i];
            Step step = new Step(run.plan.id(), i, planned, assetMode);
            if (placed == null || sc.setpoint() == null) {
                st.unwritten(step, WriteState.NO_DEVICE, "the asset is not in the community's topology", now);
                continue;
            }
            if (!services.writer().get().writable(sc.setpoint())) {
                st.unwritten(step, WriteState.NO_DEVICE, "no device maps " + sc.setpoint(), now);
                noDevice++;
                continue;
            }
            if (assetMode == ControlMode.ADVISORY) {
                st.unwritten(step, WriteState.ADVISORY, "not written: the asset is advisory", now);
                continue;
            }
            if (st.state == WriteState.SAFE_STATE && st.planId.equals(run.plan.id())) {
                failed++;
                continue;
            }
            Envelope.Clamp clamp = envelope.check(placed.asset(), planned, inputs(topo, placed, snap, st, now));
            if (clamp.clamped()) {
                clamped++;
            }
            // A new plan is a new decision, under the control mode in force now: it is written (and audited under
            // its own id) even where it asks the value the device already holds.
            boolean newPlan = !st.planId.equals(run.plan.id());
            boolean stepChanged = newPlan || st.step != i;
            boolean changed = newPlan || st.lastWritten == null || Math.abs(st.lastWritten - clamp.valueW()) > 1;
            boolean stale = st.lastWriteAt == null || !now.isBefore(st.lastWriteAt.plus(policy.refresh()));
            boolean unconfirmed = st.state == WriteState.WRITTEN
                    && st.lastWriteAt != null
                    && !now.isBefore(st.lastWriteAt.plus(policy.confirmTimeout()));
            if (st.state == WriteState.WRITTEN
                    && confirmedBack(services.latest(), sc.setpoint(), clamp.valueW(), st.lastWriteAt)) {
                st.set(step, clamp, WriteState.CONFIRMED, "read back from the device", st.at);
            }
            if (st.state == WriteState.CONFIRMED
                    && st.lastWritten != null
                    && readBackDiffers(services.latest(), sc.setpoint(), st.lastWritten, st.lastWriteAt)) {
                // The device lost the setpoint (e.g. its watchdog fired during an outage): write it again.
                String lost = sc.assetId() + ": the device reads back "
                        + services.latest()
                                .latest(sc.setpoint())
                                .map(x -> Math.round(x.value()) + " W")
                                .orElse("?")
                        + ", not the confirmed " + Math.round(st.lastWritten) + " W";
                if (lastAttemptFailed(st, sc, step, clamp, round, lost, () -> lost + ", " + st.attempts + " times")) {
                    failed++;
                    continue;
                }
                st.set(step, clamp, WriteState.RETRYING, lost, now);
                raise(services, Severity.WARNING, sc.assetId(), lost + ": writing it again");
            }
            if (unconfirmed && st.state == WriteState.WRITTEN) {
                String late = sc.assetId() + ": not read back within "
                        + policy.confirmTimeout().toSeconds() + " s";
                Supplier<String> why = () -> "the device did not read back " + Math.round(clamp.valueW()) + " W after "
                        + st.attempts + " writes";
                if (lastAttemptFailed(st, sc, step, clamp, round, late, why)) {
                    failed++;
                    continue;
                }
                st.state = WriteState.RETRYING;
            }
            // A new step of the same plan with the same value is not written again (nor audited): nothing changes.
            if (changed
                    || st.state == WriteState.RETRYING
                    || st.state == WriteState.ADVISORY
                    || st.state == WriteState.AWAITING_CONFIRMATION
                    || st.state == WriteState.EXPIRED
                    || (stale && !heartbeatMapped.getOrDefault(sc.assetId(), false))) {
                Quality q = write(services, sc.setpoint(), clamp.valueW(), "setpoint.write", step, clamp);
                if (q.isGood()) {
                    st.attempts = stepChanged || changed ? 1 : st.attempts + 1;
                    st.lastWritten = clamp.valueW();
                    st.lastWriteAt = now;
                    st.set(step, clamp, WriteState.WRITTEN, "accepted by the device", now);
                    written++;
                } else if (q.reason() == Quality.Reason.CONFIGURATION_ERROR
                        && q.detail().contains("no device")) {
                    st.set(step, clamp, WriteState.NO_DEVICE, q.detail(), now);
                    noDevice++;
                    continue;
                } else {
                    String refused = sc.assetId() + ": " + q.detail();
                    Supplier<String> why =
                            () -> "the device refused " + st.attempts + " writes, the last: " + q.detail();
                    if (lastAttemptFailed(st, sc, step, clamp, round, refused, why)) {
                        failed++;
                        continue;
                    }
                    st.set(
                            step,
                            clamp,
                            WriteState.RETRYING,
                            "write " + st.attempts + " of " + policy.maxAttempts() + " failed: " + q.detail(),
                            now);
                    if (st.attempts == 1) {
                        raise(
                                services,
                                Severity.WARNING,
                                sc.assetId(),
                                "a setpoint write to " + sc.setpoint() + " failed, retrying: " + q.detail());
                    }
                    continue;
                }
            } else if (stepChanged) {
                st.set(step, clamp, st.state, st.detail, st.at);
            }
            if (st.state == WriteState.CONFIRMED) {
                confirmed++;
            }
            heartbeat(services, topo, sc.assetId());
        }
        heartbeat++;
        if (!trouble.isEmpty()) {
            problems.add(trouble);
            trouble = "";
        }
        String reason = String.format(
                        Locale.ROOT,
                        "step %d of plan %s (%s): %d written, %d confirmed, %d clamped, "
                                + "%d in safe state, %d without a device",
                        i,
                        run.plan.id(),
                        mode.name().toLowerCase(Locale.ROOT),
                        written,
                        confirmed,
                        clamped,
                        failed,
                        noDevice)
                + (problems.isEmpty() ? "" : "; " + problems.get(0));
        return new Tick(failed > 0 || !problems.isEmpty() ? StageOutcome.DEGRADED : StageOutcome.OK, reason);
    }

    private Envelope.Inputs inputs(Topo topo, Topo.Placed placed, Snapshot snap, AssetState st, Instant now) {
        String id = placed.asset().id();
        Feeder feeder = placed.feederId() == null
                ? null
                : topo.community().feeders().stream()
                        .filter(f -> f.id().equals(placed.feederId()))
                        .findFirst()
                        .orElse(null);
        // Before the first write the ramp runs from the measured value over one tick.
        double since =
                (st.lastWriteAt == null ? policy.tick() : Duration.between(st.lastWriteAt, now)).toMillis() / 1000.0;
        return new Envelope.Inputs(
                snap.value(topo.point(id, "p")),
                snap.value(topo.point(id, "soc")),
                feeder,
                feeder == null
                        ? Optional.empty()
                        : Optional.ofNullable(snap.feederFlowW().get(feeder.id())),
                Optional.ofNullable(st.lastWritten),
                since);
    }

    /**
     * Counts a failed attempt ({@code problem} goes to the tick's problems); after the policy's last attempt the
     * asset goes to its safe state, {@code why} saying why, and the answer is true.
     */
    private boolean lastAttemptFailed(
            AssetState st,
            AssetSchedule sc,
            Step step,
            Envelope.Clamp clamp,
            Round round,
            String problem,
            Supplier<String> why) {
        st.attempts++;
        st.lastWritten = null;
        round.problems().add(problem);
        if (st.attempts < policy.maxAttempts()) {
            return false;
        }
        safeState(st, sc, step, clamp, round, why.get());
        return true;
    }

    private void safeState(AssetState st, AssetSchedule sc, Step step, Envelope.Clamp clamp, Round round, String why) {
        Services services = round.services();
        Instant now = round.now();
        Quality q = write(services, sc.setpoint(), 0, "setpoint.safe-state", step, new Envelope.Clamp(0, "safe state"));
        String detail = why + "; safe state 0 W "
                + (q.isGood() ? "written" : "not written (" + q.detail() + "): the device's watchdog takes it there");
        st.set(step, 0, clamp.reason(), WriteState.SAFE_STATE, detail, now);
        st.lastWritten = null;
        raise(
                services,
                Severity.ALARM,
                sc.assetId(),
                sc.assetId() + " is in its safe state until the next plan: " + detail);
    }

    /** A hub event of the Execute stage about one asset, when an event service runs. */
    private void raise(Services services, Severity severity, String assetId, String message) {
        services.events().ifPresent(e -> e.raise(community, "loop.execute", severity, assetId, message));
    }

    /**
     * Audits the intent, writes, audits the result. A write whose intent cannot be audited is not made; a point no
     * device maps is not written (nor audited): CONFIGURATION_ERROR "no device maps …".
     */
    private Quality write(
            Services services, PointId point, double value, String action, Step step, Envelope.Clamp clamp) {
        PointWriter writer = services.writer().get();
        if (!writer.writable(point)) {
            return Quality.invalid(Quality.Reason.CONFIGURATION_ERROR, "no device maps " + point);
        }
        String detail = String.format(
                Locale.ROOT,
                "plan=%s asset=%s step=%d value=%.1f W planned=%.1f W mode=%s%s",
                step.planId(),
                assetOf(point),
                step.index(),
                value,
                step.planned(),
                step.mode().name().toLowerCase(Locale.ROOT),
                clamp.clamped() ? " " + clamp.reason() : "");
        AuditTrail audit = services.audit().get();
        try {
            audit.append("loop", "loop", action, point.value(), "requested", detail);
        } catch (AuditException e) {
            return Quality.invalid(
                    Quality.Reason.BLOCKED,
                    "the audit trail refused the record of this write, so it " + "was not made: " + e.getMessage());
        }
        Quality q;
        try {
            q = writer.write(point, value).get(policy.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            q = Quality.invalid(
                    Quality.Reason.COMMUNICATION_FAILURE,
                    "no answer within " + policy.writeTimeout().toSeconds() + " s");
        } catch (ExecutionException e) {
            q = Quality.invalid(Quality.Reason.COMMUNICATION_FAILURE, String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            q = Quality.invalid(Quality.Reason.COMMUNICATION_FAILURE, "interrupted");
        }
        try {
            audit.append(
                    "loop", "loop", action, point.value(), q.isGood() ? "accepted" : "refused: " + q.detail(), detail);
        } catch (AuditException e) {
            trouble = "the audit trail refused a write's result: " + e.getMessage();
        }
        return q;
    }

    private static String assetOf(PointId p) {
        String[] parts = p.value().split("\\.");
        return parts.length >= 3 ? parts[parts.length - 2] : p.value();
    }

    /** Writes the asset's heartbeat if a device maps one (not audited: it carries no decision). */
    private void heartbeat(Services services, Topo topo, String assetId) {
        PointId hb = topo.point(assetId, "heartbeat");
        PointWriter w = services.writer().get();
        boolean mapped = w.writable(hb);
        heartbeatMapped.put(assetId, mapped);
        if (!mapped) {
            return;
        }
        try {
            Quality q =
                    w.write(hb, heartbeat % 65_536).get(policy.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!q.isGood()) {
                trouble = "heartbeat of " + assetId + " refused: " + q.detail();
            }
        } catch (ExecutionException | TimeoutException e) {
            trouble = "heartbeat of " + assetId + " failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The setpoint point's good value received since a write ({@code strictly}: after it, else at or after it),
     * and whether it matches the written value within 1 W or 1 %.
     */
    private static Optional<Boolean> readBack(
            LatestValues latest, PointId point, double value, Instant writtenAt, boolean strictly) {
        Optional<Sample> s = latest.latest(point);
        if (s.isEmpty() || !s.get().quality().isGood() || writtenAt == null) {
            return Optional.empty();
        }
        Instant received = s.get().receivedTime();
        if (strictly ? !received.isAfter(writtenAt) : received.isBefore(writtenAt)) {
            return Optional.empty();
        }
        return Optional.of(Math.abs(s.get().value() - value) <= Math.max(1, 0.01 * Math.abs(value)));
    }

    /** A good read-back received after the write that differs from the written value. */
    private static boolean readBackDiffers(LatestValues latest, PointId point, double value, Instant writtenAt) {
        return readBack(latest, point, value, writtenAt, true)
                .filter(same -> !same)
                .isPresent();
    }

    private static boolean confirmedBack(LatestValues latest, PointId point, double value, Instant writtenAt) {
        return readBack(latest, point, value, writtenAt, false).orElse(false);
    }

    private AssetState state(String assetId) {
        return assets.computeIfAbsent(assetId, k -> new AssetState());
    }

    /** The setpoint status of every asset of a plan, as last ticked. */
    synchronized List<SetpointStatus> status(PlanRecord p) {
        List<SetpointStatus> out = new ArrayList<>();
        Instant now = clock.instant();
        for (AssetSchedule sc : p.plan.schedules()) {
            AssetState st = assets.get(sc.assetId());
            if (st == null || !st.planId.equals(p.plan.id())) {
                int i = p.stepAt(now);
                out.add(new SetpointStatus(
                        sc.assetId(),
                        sc.setpoint(),
                        p.plan.issueTime(),
                        i,
                        i >= 0 ? sc.setpointsW()[i] : Double.NaN,
                        Double.NaN,
                        "",
                        WriteState.ADVISORY,
                        "not executed",
                        ControlMode.ADVISORY,
                        0));
            } else {
                out.add(new SetpointStatus(
                        sc.assetId(),
                        sc.setpoint(),
                        st.at,
                        st.step,
                        st.planned,
                        st.commanded,
                        st.clamp,
                        st.state,
                        st.detail,
                        st.mode,
                        st.attempts));
            }
        }
        return out;
    }
}
