package io.gridhub.loop.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.event.Severity;
import io.gridhub.api.loop.ControlMode;
import io.gridhub.api.loop.SetpointStatus;
import io.gridhub.api.loop.StageOutcome;
import io.gridhub.api.loop.WriteState;
import io.gridhub.api.model.AssetSchedule;
import io.gridhub.api.model.Explanation;
import io.gridhub.api.model.Plan;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.TimeSeries;
import io.gridhub.testkit.FakeBus;
import io.gridhub.testkit.RecordingAuditTrail;
import io.gridhub.testkit.RecordingEvents;
import io.gridhub.testkit.RecordingWriter;
import io.gridhub.testkit.SteppingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SetpointExecutorTest {
    static final Instant START = Instant.parse("2026-12-06T00:00:00Z");
    static final Duration STEP = Duration.ofMinutes(30);
    static final PointId P_SET = PointId.of("demo.shared-bat.p_set");
    static final PointId HEARTBEAT = PointId.of("demo.shared-bat.heartbeat");

    final SteppingClock clock = SteppingClock.at(START.plusSeconds(60));
    final Topo topo = Topo.of(Fakes.community(), Map.of("shared-bat", "f1"));
    final FakeBus latest = new FakeBus();
    final RecordingWriter writer = new RecordingWriter();
    final RecordingAuditTrail audit = new RecordingAuditTrail();
    final RecordingEvents events = new RecordingEvents(clock);
    final SetpointExecutor executor = new SetpointExecutor(
            "demo",
            new SetpointExecutor.Policy(
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(1),
                    3,
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(30),
                    Map.of()),
            new Envelope(new Envelope.Settings(0.1, 10, 95)),
            clock);

    SetpointExecutorTest() {
        writer.mapped.add(P_SET);
        writer.mapped.add(HEARTBEAT);
        writer.readBackTo(latest, clock);
        latest.put("demo.shared-bat.soc", 50, clock.instant());
        latest.put("demo.shared-bat.p", 0, clock.instant());
    }

    static PlanRecord plan(double... setpoints) {
        double[] v = new double[48];
        Arrays.fill(v, setpoints[setpoints.length - 1]);
        System.arraycopy(setpoints, 0, v, 0, setpoints.length);
        Plan p = new Plan(
                "demo-plan-1",
                "lp-optimizer",
                START,
                START,
                STEP,
                48,
                List.of(new AssetSchedule("shared-bat", P_SET, v, "test")),
                new Explanation("", 0, 0, List.of()));
        TimeSeries prices = new TimeSeries(START, STEP, "EUR/kWh", START, new double[48]);
        return new PlanRecord(p, "demo", prices, prices, START.plus(Duration.ofMinutes(10)));
    }

    SetpointExecutor.Tick tick(PlanRecord p, ControlMode mode) {
        return executor.tick(
                topo,
                List.of(p),
                mode,
                new SetpointExecutor.Services(Optional.of(writer), Optional.of(audit), Optional.of(events), latest),
                () -> Snapshot.sense(topo, latest, clock.instant(), Duration.ofMinutes(5)));
    }

    SetpointStatus status(PlanRecord p) {
        return executor.status(p).get(0);
    }

    @Test
    void autonomousWritesTheStepsSetpointAuditsItAndConfirmsItByReadBack() {
        PlanRecord p = plan(-6_000);
        SetpointExecutor.Tick t = tick(p, ControlMode.AUTONOMOUS);
        assertThat(t.outcome()).isEqualTo(StageOutcome.OK);
        assertThat(writer.writes).containsExactly("demo.shared-bat.p_set=-6000", "demo.shared-bat.heartbeat=0");
        assertThat(status(p).state()).isEqualTo(WriteState.WRITTEN);
        assertThat(audit.records)
                .extracting(r -> r.action() + " " + r.outcome())
                .containsExactly("setpoint.write requested", "setpoint.write accepted");
        assertThat(audit.records.get(1).detail())
                .contains("plan=demo-plan-1", "asset=shared-bat", "value=-6000.0 W", "mode=autonomous");

        clock.advance(Duration.ofSeconds(5));
        tick(p, ControlMode.AUTONOMOUS);
        assertThat(status(p).state()).isEqualTo(WriteState.CONFIRMED);
        assertThat(writer.writes)
                .containsExactly(
                        "demo.shared-bat.p_set=-6000", "demo.shared-bat.heartbeat=0", "demo.shared-bat.heartbeat=1");
    }

    @Test
    void aNewPlanIsWrittenUnderItsOwnIdEvenWithTheSameValueTheSamePlanIsNotRewritten() {
        tick(plan(-6_000), ControlMode.AUTONOMOUS);
        clock.advance(Duration.ofSeconds(5));
        PlanRecord same = new PlanRecord(
                new Plan(
                        "demo-plan-2",
                        "lp-optimizer",
                        START,
                        START,
                        STEP,
                        48,
                        plan(-6_000).plan.schedules(),
                        new Explanation("", 0, 0, List.of())),
                "demo",
                plan(0).importPrice,
                plan(0).exportPrice,
                START);
        SetpointExecutor.Services services =
                new SetpointExecutor.Services(Optional.of(writer), Optional.of(audit), Optional.of(events), latest);
        executor.tick(
                topo,
                List.of(same),
                ControlMode.AUTONOMOUS,
                services,
                () -> Snapshot.sense(topo, latest, clock.instant(), Duration.ofMinutes(5)));
        // The new plan is a new decision: the device gets it (same value) and the audit trail names the plan.
        assertThat(writer.writes)
                .filteredOn(w -> w.startsWith("demo.shared-bat.p_set"))
                .containsExactly("demo.shared-bat.p_set=-6000", "demo.shared-bat.p_set=-6000");
        assertThat(audit.records).anySatisfy(r -> assertThat(r.detail()).contains("plan=demo-plan-2"));
        assertThat(status(same).step()).isEqualTo(0);

        // The same plan's next tick with the same value writes nothing.
        clock.advance(Duration.ofSeconds(5));
        executor.tick(
                topo,
                List.of(same),
                ControlMode.AUTONOMOUS,
                services,
                () -> Snapshot.sense(topo, latest, clock.instant(), Duration.ofMinutes(5)));
        assertThat(writer.writes)
                .filteredOn(w -> w.startsWith("demo.shared-bat.p_set"))
                .hasSize(2);

        clock.advance(Duration.ofSeconds(5));
        tick(plan(-9_000), ControlMode.AUTONOMOUS);
        assertThat(writer.writes)
                .filteredOn(w -> w.startsWith("demo.shared-bat.p_set"))
                .containsExactly(
                        "demo.shared-bat.p_set=-6000", "demo.shared-bat.p_set=-6000", "demo.shared-bat.p_set=-9000");
    }

    @Test
    void aConfirmedSetpointTheDeviceLostIsWrittenAgain() {
        PlanRecord p = plan(-6_000);
        tick(p, ControlMode.AUTONOMOUS);
        clock.advance(Duration.ofSeconds(5));
        tick(p, ControlMode.AUTONOMOUS);
        assertThat(status(p).state()).isEqualTo(WriteState.CONFIRMED);
        // The device's watchdog fired during an outage: it reads back 0 W.
        clock.advance(Duration.ofSeconds(5));
        latest.put("demo.shared-bat.p_set", 0, clock.instant());
        tick(p, ControlMode.AUTONOMOUS);
        assertThat(writer.writes)
                .filteredOn(w -> w.startsWith("demo.shared-bat.p_set"))
                .containsExactly("demo.shared-bat.p_set=-6000", "demo.shared-bat.p_set=-6000");
        assertThat(events.raised)
                .singleElement()
                .satisfies(e -> assertThat(e.message()).contains("reads back 0 W, not the confirmed -6000 W"));
        clock.advance(Duration.ofSeconds(5));
        tick(p, ControlMode.AUTONOMOUS);
        assertThat(status(p).state()).isEqualTo(WriteState.CONFIRMED);
    }

    @Test
    void supervisedWritesNothingUntilAnOperatorConfirms() {
        PlanRecord p = plan(-6_000);
        SetpointExecutor.Tick t = tick(p, ControlMode.SUPERVISED);
        assertThat(t.outcome()).isEqualTo(StageOutcome.SKIPPED);
        assertThat(writer.writes).isEmpty();
        assertThat(status(p).state()).isEqualTo(WriteState.AWAITING_CONFIRMATION);

        p.confirm("operator", clock.instant());
        tick(p, ControlMode.SUPERVISED);
        assertThat(writer.writes).first().isEqualTo("demo.shared-bat.p_set=-6000");
    }

    @Test
    void anUnconfirmedSupervisedPlanExpires() {
        PlanRecord p = plan(-6_000);
        clock.advance(Duration.ofMinutes(11));
        tick(p, ControlMode.SUPERVISED);
        assertThat(status(p).state()).isEqualTo(WriteState.EXPIRED);
        assertThat(writer.writes).isEmpty();
    }

    @Test
    void advisoryNeverWrites() {
        PlanRecord p = plan(-6_000);
        tick(p, ControlMode.ADVISORY);
        assertThat(writer.writes).isEmpty();
        assertThat(status(p).state()).isEqualTo(WriteState.ADVISORY);
    }

    @Test
    void aValueOutsideTheEnvelopeIsClampedWithTheReasonRecorded() {
        latest.put("demo.shared-bat.p", 28_000, clock.instant());
        PlanRecord p = plan(50_000);
        tick(p, ControlMode.AUTONOMOUS);
        SetpointStatus s = status(p);
        assertThat(s.plannedW()).isEqualTo(50_000);
        assertThat(s.commandedW()).isEqualTo(30_000);
        assertThat(s.clamped()).isTrue();
        assertThat(s.clampReason()).contains("rating 30000 W");
        assertThat(writer.writes).first().isEqualTo("demo.shared-bat.p_set=30000");
        assertThat(audit.records.get(0).detail()).contains("clamped from 50000 W to 30000 W");
    }

    @Test
    void aLargeStepIsRampedOverSeveralTicks() {
        PlanRecord p = plan(-30_000);
        tick(p, ControlMode.AUTONOMOUS);
        assertThat(status(p).commandedW()).isEqualTo(-15_000);
        assertThat(status(p).clampReason()).contains("ramp rate 3000 W/s");
        clock.advance(Duration.ofSeconds(5));
        tick(p, ControlMode.AUTONOMOUS);
        assertThat(status(p).commandedW()).isEqualTo(-30_000);
        assertThat(status(p).clamped()).isFalse();
        assertThat(writer.writes)
                .filteredOn(w -> w.startsWith("demo.shared-bat.p_set"))
                .containsExactly("demo.shared-bat.p_set=-15000", "demo.shared-bat.p_set=-30000");
    }

    @Test
    void aDeviceThatRefusesGoesToItsSafeStateAndRaisesEvents() {
        writer.answer = (point, v) -> point.equals(P_SET) && v != 0
                ? Quality.invalid(Quality.Reason.DEVICE_FAILURE, "Modbus exception 4")
                : Quality.GOOD;
        PlanRecord p = plan(-6_000);
        for (int i = 0; i < 3; i++) {
            tick(p, ControlMode.AUTONOMOUS);
            clock.advance(Duration.ofSeconds(5));
        }
        SetpointStatus s = status(p);
        assertThat(s.state()).isEqualTo(WriteState.SAFE_STATE);
        assertThat(s.detail()).contains("refused 3 writes", "Modbus exception 4", "safe state 0 W written");
        assertThat(writer.writes)
                .filteredOn(w -> w.startsWith("demo.shared-bat.p_set"))
                .containsExactly(
                        "demo.shared-bat.p_set=-6000",
                        "demo.shared-bat.p_set=-6000",
                        "demo.shared-bat.p_set=-6000",
                        "demo.shared-bat.p_set=0");
        assertThat(events.raised).extracting(e -> e.severity()).containsExactly(Severity.WARNING, Severity.ALARM);
        assertThat(audit.records)
                .anyMatch(r ->
                        r.action().equals("setpoint.safe-state") && r.outcome().equals("accepted"));

        // It stays there (no writes, no heartbeat) until the next plan.
        int before = writer.writes.size();
        tick(p, ControlMode.AUTONOMOUS);
        assertThat(writer.writes).hasSize(before);
    }

    @Test
    void withoutAWorkingAuditTrailNothingIsWritten() {
        audit.refuse = true;
        PlanRecord p = plan(-6_000);
        tick(p, ControlMode.AUTONOMOUS);
        assertThat(writer.writes)
                .filteredOn(w -> w.startsWith("demo.shared-bat.p_set"))
                .isEmpty();
        assertThat(status(p).detail()).contains("audit trail refused");
    }

    @Test
    void anAssetNoDeviceMapsIsReportedNotWritten() {
        writer.mapped.clear();
        PlanRecord p = plan(-6_000);
        tick(p, ControlMode.AUTONOMOUS);
        assertThat(status(p).state()).isEqualTo(WriteState.NO_DEVICE);
        assertThat(audit.records).isEmpty();
    }

    @Test
    void aFlexibleLoadsScheduleGoesToItsPointsLikeABatterysAndNeverBelowZero() {
        Topo members = Topo.of(Fakes.withMemberAssets(), Map.of("shared-bat", "f1"));
        PointId hwSet = PointId.of("demo.m01-hw.p_set");
        writer.mapped.add(hwSet);
        writer.mapped.add(PointId.of("demo.m01-hw.heartbeat"));
        latest.put("demo.m01-hw.p", 0, clock.instant());
        double[] hw = new double[48];
        Arrays.fill(hw, 1_500);
        hw[1] = -800;
        PlanRecord p = new PlanRecord(
                new Plan(
                        "demo-plan-hw",
                        "lp-optimizer",
                        START,
                        START,
                        STEP,
                        48,
                        List.of(
                                new AssetSchedule("shared-bat", P_SET, new double[48], "test"),
                                new AssetSchedule("m01-hw", hwSet, hw, "test")),
                        new Explanation("", 0, 0, List.of())),
                "demo",
                plan(0).importPrice,
                plan(0).exportPrice,
                START);
        SetpointExecutor.Services services =
                new SetpointExecutor.Services(Optional.of(writer), Optional.of(audit), Optional.of(events), latest);
        Runnable tick = () -> executor.tick(
                members,
                List.of(p),
                ControlMode.AUTONOMOUS,
                services,
                () -> Snapshot.sense(members, latest, clock.instant(), Duration.ofMinutes(5)));

        tick.run();
        assertThat(writer.writes)
                .containsExactly(
                        "demo.shared-bat.p_set=0",
                        "demo.shared-bat.heartbeat=0",
                        "demo.m01-hw.p_set=1500",
                        "demo.m01-hw.heartbeat=0");
        assertThat(audit.records)
                .anySatisfy(
                        r -> assertThat(r.detail()).contains("asset=m01-hw", "value=1500.0 W", "plan=demo-plan-hw"));
        clock.advance(Duration.ofSeconds(5));
        tick.run();
        assertThat(executor.status(p).get(1).state()).isEqualTo(WriteState.CONFIRMED);
        assertThat(writer.writes).endsWith("demo.m01-hw.heartbeat=1");

        // The next step asks the element for -800 W: it only consumes, so it is switched off instead.
        clock.advance(STEP.minusSeconds(60));
        tick.run();
        SetpointStatus s = executor.status(p).get(1);
        assertThat(s.commandedW()).isZero();
        assertThat(s.clampReason()).contains("it only consumes: not below 0 W");
        assertThat(writer.writes).contains("demo.m01-hw.p_set=0");
    }
}
