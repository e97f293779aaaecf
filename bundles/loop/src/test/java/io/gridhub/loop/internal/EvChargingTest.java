package io.gridhub.loop.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.dispatch.Dispatcher;
import io.gridhub.api.dispatch.EvParameters;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.ev.ChargePointInfo;
import io.gridhub.api.ev.ChargingStations;
import io.gridhub.api.ev.EvSession;
import io.gridhub.api.ev.ProfilePeriod;
import io.gridhub.api.ev.ProfileResult;
import io.gridhub.api.ev.UnknownChargePoint;
import io.gridhub.api.loop.LoopStage;
import io.gridhub.api.loop.StageOutcome;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.AssetSchedule;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Explanation;
import io.gridhub.api.model.Plan;
import io.gridhub.api.model.PointId;
import io.gridhub.testkit.FakeBus;
import io.gridhub.testkit.FakeGovernance;
import io.gridhub.testkit.FakeStrategies;
import io.gridhub.testkit.RecordingAuditTrail;
import io.gridhub.testkit.RecordingWriter;
import io.gridhub.testkit.Settings;
import io.gridhub.testkit.SteppingClock;
import io.gridhub.testkit.Waits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class EvChargingTest {
    static final Instant NOW = Instant.parse("2026-12-06T10:05:00Z");
    static final Instant STEP0 = Instant.parse("2026-12-06T10:00:00Z");
    static final Duration STEP = Duration.ofMinutes(30);

    final SteppingClock clock = SteppingClock.at(NOW);
    final FakeBus latest = new FakeBus();
    final RecordingAuditTrail audit = new RecordingAuditTrail();
    final FakeGovernance governance = new FakeGovernance(clock);
    final List<Scenario> planned = new CopyOnWriteArrayList<>();
    final Stations stations = new Stations();

    /** Charges each EV of the scenario at 7 kW for two steps of its stay, 3 kW for one, then nothing. */
    final Dispatcher dispatcher = Fakes.dispatcher(
            s -> {
                planned.add(s);
                List<AssetSchedule> out = new ArrayList<>();
                for (var p : s.parameters()) {
                    if (p instanceof EvParameters ev) {
                        double[] v = new double[s.steps()];
                        int from =
                                (int) (Duration.between(s.start(), ev.arrival()).toMillis() / STEP.toMillis());
                        v[from] = 7_000;
                        v[from + 1] = 7_000;
                        v[from + 2] = 3_000;
                        out.add(new AssetSchedule(
                                ev.assetId(), PointId.of("demo." + ev.assetId() + ".p_set"), v, "ev"));
                    }
                }
                return out;
            },
            Duration.ZERO);

    /** A fake central system: the sessions it is given, the profiles it is asked to send (all accepted). */
    static final class Stations implements ChargingStations {
        final List<EvSession> sessions = new CopyOnWriteArrayList<>();
        final List<List<ProfilePeriod>> profiles = new CopyOnWriteArrayList<>();

        @Override
        public List<ChargePointInfo> chargePoints() {
            return List.of();
        }

        @Override
        public List<UnknownChargePoint> unknownChargePoints() {
            return List.of();
        }

        @Override
        public List<EvSession> sessions() {
            return sessions;
        }

        @Override
        public Optional<EvSession> session(String id) {
            return sessions.stream().filter(s -> s.id().equals(id)).findFirst();
        }

        @Override
        public EvSession updateSession(String id, Instant departure, Double energyNeededWh) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<ProfileResult> applyProfile(
                String chargePointId, int connectorId, List<ProfilePeriod> periods) {
            profiles.add(periods);
            return CompletableFuture.completedFuture(new ProfileResult(ProfileResult.Status.ACCEPTED, ""));
        }

        @Override
        public CompletableFuture<ProfileResult> clearProfiles(String chargePointId, int connectorId) {
            return CompletableFuture.completedFuture(new ProfileResult(ProfileResult.Status.ACCEPTED, ""));
        }
    }

    /** {@link Fakes#community()} with an 11 kW EV charger m01-ev at member m01. */
    static Community community() {
        return Fakes.withSiteAssets((member, assets) -> {
            if (member.equals("m01")) {
                assets.add(new Asset("m01-ev", null, AssetKind.EV_CHARGER, 11_000, 0));
            }
        });
    }

    static EvSession session(String assetId, EvSession.State state, boolean canDischarge) {
        return new EvSession(
                "cp1-7",
                "cp1",
                1,
                7,
                "TAG",
                assetId,
                NOW.minusSeconds(60),
                NOW.plus(Duration.ofHours(4)),
                EvSession.Origin.DEFAULT,
                20_000,
                EvSession.Origin.DEFAULT,
                2_000,
                7_000,
                Double.NaN,
                11_000,
                canDischarge,
                state,
                null);
    }

    LoopComponent loop() throws Exception {
        LoopComponent.Config config = Settings.of(LoopComponent.Config.class, "connectionImportLimitW", "150000");
        LoopComponent l = LoopComponent.outside(
                () -> List.of(community()), new FakeStrategies().activate(dispatcher), latest, config, clock, false);
        RecordingWriter writer = new RecordingWriter();
        l.with(writer, audit, null, governance, null, null).withStations(stations);
        Fakes.autonomous(governance);
        return l;
    }

    @Test
    void anActiveSessionBecomesTheEvConstraintAndThePlanItsChargingProfile() throws Exception {
        stations.sessions.add(session("m01-ev", EvSession.State.ACTIVE, false));
        // a session at a charger the community does not have is not planned
        stations.sessions.add(session("elsewhere-ev", EvSession.State.ACTIVE, false));
        LoopComponent l = loop();
        l.cycle(community()).orElseThrow();

        List<EvParameters> evs = planned.get(0).parameters().stream()
                .filter(EvParameters.class::isInstance)
                .map(EvParameters.class::cast)
                .toList();
        assertThat(evs).hasSize(1);
        EvParameters ev = evs.get(0);
        // from the step holding now (10:00) to the last whole step before the departure (14:05 → 14:00)
        assertThat(ev.assetId()).isEqualTo("m01-ev");
        assertThat(ev.arrival()).isEqualTo(STEP0);
        assertThat(ev.departure()).isEqualTo(Instant.parse("2026-12-06T14:00:00Z"));
        assertThat(ev.energyWh()).isEqualTo(18_000);
        assertThat(ev.maxPowerW()).isEqualTo(11_000);
        assertThat(l.stages("demo").stream()
                        .filter(r -> r.stage() == LoopStage.OPTIMIZE)
                        .findFirst()
                        .orElseThrow()
                        .reason())
                .contains("1 EV sessions");

        assertThat(l.execute(community()).reason()).contains("1 charging profiles sent");
        assertThat(stations.profiles)
                .singleElement()
                .isEqualTo(List.of(
                        new ProfilePeriod(STEP0, 7_000),
                        new ProfilePeriod(STEP0.plus(STEP.multipliedBy(2)), 3_000),
                        new ProfilePeriod(STEP0.plus(STEP.multipliedBy(3)), 0)));
        assertThat(audit.records)
                .filteredOn(r -> r.action().equals("ev.profile"))
                .extracting(r -> r.outcome())
                .containsExactly("requested", "accepted");

        // the same plan is not sent again; the next plan is
        l.execute(community());
        assertThat(stations.profiles).hasSize(1);
        clock.advance(Duration.ofMinutes(5));
        l.cycle(community());
        l.execute(community());
        assertThat(stations.profiles).hasSize(2);
    }

    @Test
    void anOfflineSessionIsNotPlannedAndGetsNoProfile() throws Exception {
        stations.sessions.add(session("m01-ev", EvSession.State.ACTIVE, false));
        LoopComponent l = loop();
        l.cycle(community());
        stations.sessions.set(0, session("m01-ev", EvSession.State.OFFLINE, false));
        clock.advance(Duration.ofMinutes(5));

        assertThat(l.cycle(community())).isPresent();
        assertThat(planned.get(1).parameters()).noneMatch(EvParameters.class::isInstance);
        assertThat(planned.get(1).parameters()).noneMatch(p -> p.assetId().equals("m01-ev"));
        assertThat(l.stages("demo"))
                .anySatisfy(r -> assertThat(r.reason()).contains("1 EV sessions offline (their constraints relaxed)"));
        assertThat(l.execute(community()).outcome()).isNotEqualTo(StageOutcome.FAILED);
        assertThat(stations.profiles).isEmpty();
    }

    @Test
    void aStartingSessionReplansAtOnceAndItsProfileGoesOut() throws Exception {
        LoopComponent l = loop();
        try {
            stations.sessions.add(session("m01-ev", EvSession.State.ACTIVE, false));
            l.sessionListener().sessionStarted(stations.sessions.get(0));
            long until = System.currentTimeMillis() + 10_000;
            while (stations.profiles.isEmpty() && System.currentTimeMillis() < until) {
                Thread.sleep(20);
            }
            assertThat(planned).hasSize(1);
            assertThat(stations.profiles).hasSize(1);
        } finally {
            l.deactivate();
        }
    }

    /**
     * A session the hub finds while it starts (before the first scheduled cycle, the hub's services still coming up)
     * asks for no re-plan: such a plan was made without the audit trail and governance, in advisory mode, and stayed
     * the latest plan, unexecuted, until the first Execute tick (the demo's loop-executes check saw it so).
     */
    @Test
    void aSessionBeforeTheFirstScheduledCycleWaitsForIt() throws Exception {
        LoopComponent.Config config = Settings.of(
                LoopComponent.Config.class, "connectionImportLimitW", "150000", "initialDelaySeconds", "3600");
        LoopComponent l = LoopComponent.outside(
                () -> List.of(community()), new FakeStrategies().activate(dispatcher), latest, config, clock, true);
        try {
            l.with(new RecordingWriter(), audit, null, governance, null, null).withStations(stations);
            Fakes.autonomous(governance);
            stations.sessions.add(session("m01-ev", EvSession.State.ACTIVE, false));
            l.sessionListener().sessionStarted(stations.sessions.get(0));

            assertThat(Waits.holds(Duration.ofSeconds(2), () -> !planned.isEmpty()))
                    .as("a re-plan before the first cycle")
                    .isFalse();
            assertThat(l.stages("demo")).isEmpty();
        } finally {
            l.deactivate();
        }
    }

    @Test
    void dischargeGoesOnlyToAChargerThatCanDischarge() {
        Plan plan = new Plan(
                "p", "test", STEP0, STEP0, STEP, 3, List.of(), new Explanation("x", 0, 0, List.of()), Duration.ZERO);
        PlanRecord run = new PlanRecord(plan, "demo", null, null, NOW.plusSeconds(600));
        double[] w = {-4_000, -4_000, 2_000};

        assertThat(EvCharging.periods(run, w, 0, false))
                .containsExactly(
                        new ProfilePeriod(STEP0, 0), new ProfilePeriod(STEP0.plus(STEP.multipliedBy(2)), 2_000));
        assertThat(EvCharging.periods(run, w, 1, true))
                .containsExactly(
                        new ProfilePeriod(STEP0.plus(STEP), -4_000),
                        new ProfilePeriod(STEP0.plus(STEP.multipliedBy(2)), 2_000));
    }
}
