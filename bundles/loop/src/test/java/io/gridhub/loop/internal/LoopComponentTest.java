package io.gridhub.loop.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.gridhub.api.dispatch.AssetParameters;
import io.gridhub.api.dispatch.BatteryParameters;
import io.gridhub.api.dispatch.Dispatcher;
import io.gridhub.api.dispatch.FlexibleLoadParameters;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.loop.ControlMode;
import io.gridhub.api.loop.LoopException;
import io.gridhub.api.loop.LoopStage;
import io.gridhub.api.loop.PlanApproval;
import io.gridhub.api.loop.SessionSource;
import io.gridhub.api.loop.StageOutcome;
import io.gridhub.api.loop.StageRun;
import io.gridhub.api.loop.WriteState;
import io.gridhub.api.model.AssetSchedule;
import io.gridhub.api.model.Plan;
import io.gridhub.api.model.PointId;
import io.gridhub.api.time.HubClock;
import io.gridhub.testkit.FakeBus;
import io.gridhub.testkit.FakeGovernance;
import io.gridhub.testkit.FakeStrategies;
import io.gridhub.testkit.RecordingAuditTrail;
import io.gridhub.testkit.RecordingWriter;
import io.gridhub.testkit.Settings;
import io.gridhub.testkit.SteppingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoopComponentTest {
    static final Duration SOLVE = Duration.ofMillis(42);
    final SteppingClock clock = SteppingClock.at(Instant.parse("2026-12-06T10:05:00Z"));
    final FakeBus latest = new FakeBus();
    final RecordingWriter writer = new RecordingWriter();
    final RecordingAuditTrail audit = new RecordingAuditTrail();
    final List<Scenario> planned = new ArrayList<>();

    /** Discharges the shared battery at 5 kW for the first two hours (as much as its 60 % allow: a valid plan). */
    final Dispatcher dispatcher = Fakes.dispatcher(
            s -> {
                planned.add(s);
                double[] v = new double[s.steps()];
                Arrays.fill(v, 0, Math.min(4, v.length), 5_000);
                return List.of(new AssetSchedule("shared-bat", PointId.of("demo.shared-bat.p_set"), v, "test"));
            },
            SOLVE);

    final FakeStrategies strategies = new FakeStrategies().activate(dispatcher);

    final FakeGovernance governance = new FakeGovernance(clock);

    LoopComponent loop(String defaultMode) throws Exception {
        LoopComponent.Config config = Settings.of(
                LoopComponent.Config.class,
                "defaultMode",
                defaultMode,
                "sharedAssetFeeders",
                "shared-bat=f1",
                "connectionImportLimitW",
                "150000",
                "peakChargeEurPerKw",
                "0.5");
        LoopComponent l =
                LoopComponent.outside(() -> List.of(Fakes.community()), strategies, latest, config, clock, false);
        l.with(writer, audit, null, governance, null, null);
        writer.mapped.add(PointId.of("demo.shared-bat.p_set"));
        writer.readBackTo(latest, clock);
        latest.put("demo.shared-bat.soc", 60, clock.instant());
        return l;
    }

    /** Devices are polled on the wall clock: in accelerated time a value stays fresh for maxAge of wall time. */
    @Test
    void inAcceleratedTimeAMeasurementStaysFreshForMaxAgeOfWallTime() throws Exception {
        LoopComponent.Config config = Settings.of(LoopComponent.Config.class, "maxAgeSeconds", "300");
        // 20 minutes old in hub time: stale at speed 1 (more than 300 s), 20 s of wall time at speed 60
        latest.put("demo.shared-bat.soc", 60, clock.instant().minus(Duration.ofMinutes(20)));
        LoopComponent real =
                LoopComponent.outside(() -> List.of(Fakes.community()), strategies, latest, config, clock, false);
        real.cycle(Fakes.community());
        assertThat(real.stages("demo").get(0).reason()).contains("1 stale");
        HubClock fast = HubClock.scaled(clock, clock.instant(), clock.instant(), 60);
        LoopComponent accelerated =
                LoopComponent.outside(() -> List.of(Fakes.community()), strategies, latest, config, fast, false);
        accelerated.cycle(Fakes.community());
        assertThat(accelerated.stages("demo").get(0).reason()).contains("0 stale");
    }

    @Test
    void aCycleRunsEveryStageInOrderAndRecordsThem() throws Exception {
        LoopComponent l = loop("advisory");
        Plan plan = l.cycle(Fakes.community()).orElseThrow().plan;
        assertThat(l.stages("demo"))
                .extracting(StageRun::stage)
                .containsExactly(
                        LoopStage.SENSE, LoopStage.FORECAST, LoopStage.OPTIMIZE, LoopStage.GOVERN, LoopStage.MEASURE);
        StageRun optimize = l.stages("demo").get(2);
        assertThat(optimize.strategy()).isEqualTo("test");
        assertThat(optimize.version()).isEqualTo("1.0.0");
        assertThat(optimize.solveTime()).as("the plan's solve time").isEqualTo(SOLVE);
        assertThat(optimize.outcome()).isEqualTo(StageOutcome.OK);
        assertThat(l.stages("demo").get(3).outcome()).isEqualTo(StageOutcome.SKIPPED);
        // Real inputs: the contract and the measured state of charge reached the dispatcher.
        Scenario s = planned.get(0);
        assertThat(s.policy().connectionImportLimitW()).isEqualTo(150_000);
        assertThat(s.policy().peakChargeEurPerKw()).isEqualTo(0.5);
        assertThat(s.parameters())
                .filteredOn(p -> p instanceof BatteryParameters)
                .singleElement()
                .satisfies(p -> assertThat(((BatteryParameters) p).socInitial()).isEqualTo(0.6));
        assertThat(l.latest("demo")).contains(plan);

        l.execute(Fakes.community());
        assertThat(writer.writes).isEmpty();
        assertThat(l.stages("demo")).extracting(StageRun::stage).contains(LoopStage.EXECUTE);
    }

    @Test
    void everyStageRunReachesTheListenersWhereTheLoopKeepsOnlyTheLast() throws Exception {
        LoopComponent l = loop("advisory");
        List<StageRun> heard = new ArrayList<>();
        l.addStageListener((community, run) -> {
            assertThat(community).isEqualTo("demo");
            heard.add(run);
        });
        l.addStageListener((community, run) -> {
            throw new IllegalStateException("a broken listener");
        });
        for (int i = 0; i < 3; i++) {
            l.cycle(Fakes.community());
            l.execute(Fakes.community());
            l.execute(Fakes.community());
        }
        assertThat(heard)
                .filteredOn(r -> r.stage() == LoopStage.OPTIMIZE)
                .extracting(StageRun::cycle, StageRun::solveTime)
                .containsExactly(tuple(1L, SOLVE), tuple(2L, SOLVE), tuple(3L, SOLVE));
        assertThat(heard).filteredOn(r -> r.stage() == LoopStage.EXECUTE).hasSize(6);
        assertThat(heard).filteredOn(r -> r.stage() == LoopStage.SENSE).allMatch(r -> r.solveTime() == null);
        assertThat(heard).hasSize(3 * 5 + 6);
        assertThat(l.stages("demo")).hasSize(6);
    }

    @Test
    void autonomousInTheConfigurationIsOnlySupervised() throws Exception {
        LoopComponent l = loop("autonomous");
        assertThat(l.authority("demo").mode()).isEqualTo(ControlMode.SUPERVISED);
        assertThat(l.authority("demo").source()).contains("only an approved control-authority-demo policy");
    }

    @Test
    void anApprovedControlAuthorityPolicyMakesTheCommunityAutonomousAndItsPlansAreExecuted() throws Exception {
        LoopComponent l = loop("advisory");
        Plan plan = l.cycle(Fakes.community()).orElseThrow().plan;
        long id = Fakes.autonomous(governance);
        assertThat(l.authority("demo").mode()).isEqualTo(ControlMode.AUTONOMOUS);
        assertThat(l.authority("demo").source()).contains("proposal " + id, "approved by lead");
        l.execute(Fakes.community());
        assertThat(writer.writes).containsExactly("demo.shared-bat.p_set=5000");
        assertThat(l.status(plan.id()).orElseThrow().approval()).isEqualTo(PlanApproval.NOT_NEEDED);
        assertThat(l.status(plan.id()).orElseThrow().setpoints().get(0).state()).isEqualTo(WriteState.WRITTEN);
    }

    @Test
    void theApprovedDispatchPolicysBatteryReserveIsHeldInThePlanButNotInTheDrillsScenario() throws Exception {
        LoopComponent l = loop("advisory");
        l.cycle(Fakes.community());
        assertThat(battery(planned.get(0)).socMin()).isEqualTo(0.1);
        // 12 kWh of the 60 kWh battery above its 10 % minimum: its minimum becomes 30 %.
        long id = Fakes.proposed(
                governance,
                "{\"id\":\"dispatch-policy-demo\",\"version\":1,\"kind\":\"dispatch-policy\","
                        + "\"community\":\"demo\",\"batteryReserveWh\":12000}");
        l.cycle(Fakes.community());
        assertThat(battery(planned.get(1)).socMin()).isEqualTo(0.1);
        Fakes.approve(governance, id);
        assertThat(l.batteryReserveWh("demo", clock.instant())).isEqualTo(12_000);
        l.cycle(Fakes.community());
        assertThat(battery(planned.get(2)).socMin()).isCloseTo(0.3, within(1e-9));
        assertThat(l.stages("demo").get(2).reason()).contains("battery reserve 12.0 kWh held");
        // Drills run on the whole store.
        assertThat(battery(l.scenario("demo").orElseThrow()).socMin()).isEqualTo(0.1);
        assertThat(l.scenario("elsewhere")).isEmpty();
    }

    private static BatteryParameters battery(Scenario s) {
        return s.parameters().stream()
                .filter(p -> p instanceof BatteryParameters)
                .map(p -> (BatteryParameters) p)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void supervisedPlansAreExecutedOnlyOnceConfirmedAndTheConfirmationIsAudited() throws Exception {
        LoopComponent l = loop("supervised");
        Plan plan = l.cycle(Fakes.community()).orElseThrow().plan;
        l.execute(Fakes.community());
        assertThat(writer.writes).isEmpty();
        assertThat(l.status(plan.id()).orElseThrow().approval()).isEqualTo(PlanApproval.PENDING);

        l.confirm(plan.id(), "operator");
        assertThat(audit.records).singleElement().satisfies(r -> {
            assertThat(r.actor()).isEqualTo("operator");
            assertThat(r.action()).isEqualTo("plan.confirm");
            assertThat(r.subject()).isEqualTo(plan.id());
        });
        l.execute(Fakes.community());
        assertThat(writer.writes).containsExactly("demo.shared-bat.p_set=5000");
        assertThatThrownBy(() -> l.confirm(plan.id(), "operator"))
                .isInstanceOf(LoopException.class)
                .hasMessageContaining("was confirmed by operator");
        assertThatThrownBy(() -> l.confirm("nope", "operator"))
                .isInstanceOf(LoopException.class)
                .extracting(e -> ((LoopException) e).reason())
                .isEqualTo(LoopException.Reason.NOT_FOUND);
    }

    /** A session source that fails. */
    static final class BrokenSource implements SessionSource {
        @Override
        public List<AssetParameters> sessions(String community, Instant from, Instant to) {
            throw new IllegalStateException("central system offline");
        }
    }

    @Test
    void aFailingSessionSourceLosesOnlyItsOwnSessionsAndTheDevicesNeedsArePlannedBeside() throws Exception {
        LoopComponent l = loop("advisory");
        Instant start = Instant.parse("2026-12-06T10:00:00Z");
        Instant ready = Instant.parse("2026-12-06T17:00:00Z");
        l.addSessionSource((community, from, to) ->
                List.of(new FlexibleLoadParameters("m01-hw", from, from.plus(Duration.ofHours(2)), 1_000, 0, 3_600)));
        l.addSessionSource(new BrokenSource());
        latest.put("demo.m01-hw.energy_need", 9_000, clock.instant());
        latest.put("demo.m02-hw.energy_need", 4_000, clock.instant());
        l.cycle(Fakes.withMemberAssets()).orElseThrow();

        assertThat(planned.get(0).parameters())
                .filteredOn(p -> p instanceof FlexibleLoadParameters)
                .containsExactlyInAnyOrder(
                        new FlexibleLoadParameters("m01-hw", start, start.plus(Duration.ofHours(2)), 1_000, 0, 3_600),
                        new FlexibleLoadParameters("m02-hw", start, ready, 4_000, 0, 3_600));
        StageRun optimize = l.stages("demo").get(2);
        assertThat(optimize.stage()).isEqualTo(LoopStage.OPTIMIZE);
        assertThat(optimize.outcome()).isEqualTo(StageOutcome.DEGRADED);
        assertThat(optimize.reason())
                .contains(
                        "1 sessions from session sources",
                        "flexible loads: 1 planned to be ready by 17:00, 1 left out "
                                + "(1 with a session source's session)",
                        "session source BrokenSource failed, its sessions are left out: "
                                + "java.lang.IllegalStateException: central system offline");
    }

    @Test
    void aBadReadyByTimeStopsTheLoopFromStartingWithTheEntryNamed() {
        LoopComponent.Config config = Settings.of(LoopComponent.Config.class, "flexibleLoadReadyBy", "07:00,7pm");
        assertThatThrownBy(() -> LoopComponent.outside(
                        () -> List.of(Fakes.community()), strategies, latest, config, clock, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'7pm' is not a local time");
    }
}
