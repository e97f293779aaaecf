package io.gridhub.loop.internal.settle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import io.gridhub.allocation.internal.run.Method;
import io.gridhub.allocation.internal.strategy.MethodAllocator;
import io.gridhub.allocation.internal.strategy.SettlementServiceImpl;
import io.gridhub.api.allocation.AllocationRequest;
import io.gridhub.api.allocation.AllocationResult;
import io.gridhub.api.allocation.Allocator;
import io.gridhub.api.event.HubEvent;
import io.gridhub.api.event.Severity;
import io.gridhub.api.governance.Actor;
import io.gridhub.api.loop.LoopStage;
import io.gridhub.api.loop.StageOutcome;
import io.gridhub.api.loop.StageRun;
import io.gridhub.api.model.AllocationLine;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.MeterInterval;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import io.gridhub.api.model.Site;
import io.gridhub.api.settlement.MemberStatement;
import io.gridhub.api.settlement.SettlementDiff;
import io.gridhub.api.settlement.SettlementLedger;
import io.gridhub.api.settlement.SettlementRun;
import io.gridhub.api.store.Bucket;
import io.gridhub.api.store.BucketsAndGaps;
import io.gridhub.api.store.QualityGap;
import io.gridhub.api.store.StoreException;
import io.gridhub.api.store.TimeSeriesStore;
import io.gridhub.api.strategy.ShadowComparison;
import io.gridhub.api.strategy.ShadowFigure;
import io.gridhub.api.strategy.StrategyGuard;
import io.gridhub.api.strategy.StrategyRole;
import io.gridhub.store.derby.internal.LedgerDatabase;
import io.gridhub.testkit.FakeGovernance;
import io.gridhub.testkit.FakeStore;
import io.gridhub.testkit.FakeStrategies;
import io.gridhub.testkit.RecordingEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Settle stage with the real settlement service and strategies, recording into the store's real ledger (Derby
 * in memory); the store, governance and events are fakes. The community: households A and B (1 kW and 2 kW all
 * day), producer P (exports 3 kW from 08:00 to 16:00), day 2026-12-05 in Vienna, the policy
 * {@code demo-priority}: A first, then B.
 */
class DailySettlementTest {
    private static final AtomicInteger DB = new AtomicInteger();
    private static final ZoneId VIENNA = ZoneId.of("Europe/Vienna");
    private static final LocalDate DAY = LocalDate.of(2026, 12, 5);
    private static final Instant DAY_START = DAY.atStartOfDay(VIENNA).toInstant();
    private static final Clock CLOCK =
            Clock.fixed(ZonedDateTime.of(2026, 12, 6, 3, 0, 0, 0, VIENNA).toInstant(), VIENNA);
    private static final String PERIOD = "2026-12-04T23:00:00Z/2026-12-05T23:00:00Z";
    private static final Actor ALICE = new Actor("alice", Set.of("operator"));
    private static final Actor BOB = new Actor("bob", Set.of(Actor.GOVERNANCE_LEAD));
    private static final Community DEMO = new Community(
            "demo", null, List.of(member("A"), member("B"), member("P")), List.of(), List.of(), List.of());

    private FakeStore store;
    private FakeGovernance governance;
    private RecordingEvents events;
    private LedgerDatabase db;
    private SettlementLedger ledger;
    private DailySettlement settle;

    @BeforeAll
    static void derbyLog() {
        System.setProperty("derby.stream.error.file", "target/derby.log");
    }

    @BeforeEach
    void setUp() throws Exception {
        store = new FakeStore();
        governance = new FakeGovernance(CLOCK);
        events = new RecordingEvents(CLOCK);
        db = LedgerDatabase.open("memory:settle" + DB.incrementAndGet(), CLOCK);
        ledger = db.ledger();
        settle = settlement(new DailySettlement.Settings(VIENNA, null, null, null, 0.30, 0.08, 7));
        record("A", t -> 1000);
        record("B", t -> 2000);
        record("P", t -> t.getHour() >= 8 && t.getHour() < 16 ? -3000 : 0);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private DailySettlement settlement(DailySettlement.Settings settings) {
        SettlementServiceImpl service = new SettlementServiceImpl(ledger, governance);
        service.addAllocator(new MethodAllocator(Method.PRIORITY));
        service.addAllocator(new MethodAllocator(Method.DYNAMIC));
        return new DailySettlement(store, service, ledger, governance, events, CLOCK, settings);
    }

    private static Member member(String id) {
        return new Member(
                id,
                null,
                null,
                List.of(new Site(
                        id + "-site", null, null, List.of(new Asset(id + "-meter", null, AssetKind.METER, 0, 0)))),
                List.of());
    }

    private static PointId meter(String member) {
        return PointId.of("demo." + member + "-meter.p");
    }

    /** Samples every 10 minutes over the day, W by local time of day. */
    private void record(String member, Watts watts) {
        List<Sample> s = new ArrayList<>();
        for (Instant t = DAY_START; t.isBefore(DAY_START.plus(Duration.ofDays(1))); t = t.plusSeconds(600)) {
            s.add(Sample.good(meter(member), watts.at(t.atZone(VIENNA).toLocalTime()), t));
        }
        store.putAll(s);
    }

    @FunctionalInterface
    private interface Watts {
        double at(LocalTime t);
    }

    private static String policy(int version, String groups) {
        return "{\"id\": \"demo-priority\", \"version\": " + version + ", \"community\": \"demo\", "
                + "\"method\": \"priority\", \"members\": [\"A\", \"B\", \"P\"], \"priorityGroups\": " + groups + "}";
    }

    private void approve(String policyJson, Instant effectiveFrom) {
        long id = governance.propose(policyJson, effectiveFrom, ALICE).id();
        governance.approve(id, BOB);
    }

    private static double allocatedWh(SettlementRun run, String member) {
        return run.lines().stream()
                .filter(l -> l.memberId().equals(member))
                .mapToDouble(AllocationLine::allocatedWh)
                .sum();
    }

    @Test
    void aCompleteDayIsSettledOnceWithTheApprovedPolicy() throws Exception {
        approve(policy(1, "[[\"A\"], [\"B\"]]"), Instant.parse("2026-01-01T00:00:00Z"));

        StageRun r = settle.settle(DEMO, DAY, 42);

        assertThat(r.stage()).isEqualTo(LoopStage.SETTLE);
        assertThat(r.cycle()).isEqualTo(42);
        assertThat(r.outcome()).isEqualTo(StageOutcome.OK);
        assertThat(r.strategy()).isEqualTo("priority");
        assertThat(r.version()).isEqualTo("demo-priority@v1");
        assertThat(r.reason())
                .isEqualTo("settled 2026-12-05 for 3 members with demo-priority@v1: 24.0 kWh shared "
                        + "of 24.0 kWh generated, 5.28 EUR");
        List<SettlementRun> versions = ledger.versions("demo", PERIOD);
        assertThat(versions).hasSize(1);
        SettlementRun v1 = versions.get(0);
        assertThat(v1.provisional()).isFalse();
        assertThat(v1.inputs())
                .hasSize(48 * 3)
                .allSatisfy(m -> assertThat(m.length()).isEqualTo(Duration.ofMinutes(30)));
        // 08:00–16:00: 1.5 kWh generated per half hour; A (first) takes its 0.5, B the other 1.0.
        assertThat(allocatedWh(v1, "A")).isCloseTo(8_000, within());
        assertThat(allocatedWh(v1, "B")).isCloseTo(16_000, within());
        assertThat(v1.notes()).anySatisfy(n -> assertThat(n).startsWith("policy demo-priority@v1 approved by bob"));
        assertThat(v1.notes()).anySatisfy(n -> assertThat(n).startsWith("settled by the operating loop"));
        assertThat(events.raised).isEmpty();
    }

    @Test
    void theSameDayAgainWithUnchangedDataAddsNoVersion() throws Exception {
        approve(policy(1, "[[\"A\"], [\"B\"]]"), Instant.parse("2026-01-01T00:00:00Z"));
        settle.settle(DEMO, DAY, 1);

        StageRun again = settle.settle(DEMO, DAY, 2);

        assertThat(again.outcome()).isEqualTo(StageOutcome.OK);
        assertThat(again.reason())
                .isEqualTo("2026-12-05 already settled as v1 with demo-priority@v1, meter data " + "unchanged");
        assertThat(settle.correctProvisional(DEMO, 3)).isEmpty();
        // The daily run as the loop calls it: the day, then the corrections (none here).
        assertThat(settle.settleAndCorrect(DEMO, settle.yesterday(), 4))
                .singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("already settled as v1"));
        assertThat(ledger.versions("demo", PERIOD)).hasSize(1);
    }

    @Test
    void missingIntervalsMakeTheDayProvisionalAndTheirArrivalACorrectedVersionWithTheDifference() throws Exception {
        approve(policy(1, "[[\"A\"], [\"B\"]]"), Instant.parse("2026-01-01T00:00:00Z"));
        List<Sample> late =
                store.range(meter("B"), DAY_START.plus(Duration.ofHours(10)), DAY_START.plus(Duration.ofHours(12)));
        store.remove(meter("B"), s -> late.contains(s));

        StageRun first = settle.settle(DEMO, DAY, 1);

        assertThat(first.outcome()).isEqualTo(StageOutcome.DEGRADED);
        assertThat(first.reason())
                .isEqualTo("settled 2026-12-05 for 3 members with demo-priority@v1: 20.0 kWh shared "
                        + "of 24.0 kWh generated, 4.40 EUR; provisional: B misses 4 of 48 intervals");
        SettlementRun v1 = ledger.latest("demo", PERIOD).orElseThrow();
        assertThat(v1.provisional()).isTrue();
        assertThat(v1.notes().get(0))
                .isEqualTo("provisional: meter data of 2026-12-05 is incomplete: B misses 4 of 48 "
                        + "intervals (counted as 0 kWh); the day is settled again as the next version when "
                        + "the data arrives");
        assertThat(v1.inputs())
                .filteredOn(m -> m.memberId().equals("B") && m.consumptionWh() == 0)
                .hasSize(4);
        // The member's statement carries the run's notes, so it says it is provisional.
        assertThat(MemberStatement.of(v1, "B").notes())
                .anySatisfy(n -> assertThat(n).startsWith("provisional: "));

        // Nothing new yet: no correction.
        assertThat(settle.correctProvisional(DEMO, 2)).isEmpty();
        store.append(late);
        List<StageRun> corrected = settle.correctProvisional(DEMO, 3);

        assertThat(corrected).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(StageOutcome.OK);
            assertThat(r.cycle()).isEqualTo(3);
            assertThat(r.reason())
                    .isEqualTo("settled 2026-12-05 again as v2 (against v1) with demo-priority@v1: "
                            + "24.0 kWh shared of 24.0 kWh generated, 5.28 EUR; 4 member-intervals changed, "
                            + "shared 20.0 → 24.0 kWh; data now complete");
        });
        List<SettlementRun> versions = ledger.versions("demo", PERIOD);
        assertThat(versions).extracting(SettlementRun::version).containsExactly(1, 2);
        assertThat(versions.get(1).provisional()).isFalse();
        SettlementDiff diff = ledger.diff("demo", PERIOD, 1, 2);
        assertThat(diff.lines()).hasSize(4).allSatisfy(c -> {
            assertThat(c.memberId()).isEqualTo("B");
            assertThat(c.consumptionWhBefore()).isZero();
            assertThat(c.consumptionWhAfter()).isCloseTo(1000, within());
            assertThat(c.allocatedWhBefore()).isZero();
            assertThat(c.allocatedWhAfter()).isCloseTo(1000, within());
        });
        MemberStatement b = MemberStatement.of(versions.get(1), "B", versions.get(0));
        assertThat(b.previousVersion()).isEqualTo(1);
        assertThat(b.changes()).hasSize(4);
        assertThat(b.notes()).noneSatisfy(n -> assertThat(n).startsWith("provisional: "));
        assertThat(MemberStatement.of(versions.get(1), "A", versions.get(0)).changes())
                .isEmpty();
        // Settled and complete: neither the daily run nor the correction adds a third version.
        assertThat(settle.settle(DEMO, DAY, 4).reason()).contains("already settled as v2");
        assertThat(settle.correctProvisional(DEMO, 5)).isEmpty();
        assertThat(ledger.versions("demo", PERIOD)).hasSize(2);
    }

    @Test
    void aDataQualityGapFromTheDriverHostIsAMissingIntervalNotZeroSilentlyNorInterpolated() throws Exception {
        approve(policy(1, "[[\"A\"], [\"B\"]]"), Instant.parse("2026-01-01T00:00:00Z"));
        Instant back = loseB();

        StageRun run = settle.settle(DEMO, DAY, 1);

        assertThat(run.outcome()).isEqualTo(StageOutcome.DEGRADED);
        assertThat(run.reason()).endsWith("provisional: B misses 2 of 48 intervals (2 with a data-quality gap)");
        SettlementRun v1 = ledger.latest("demo", PERIOD).orElseThrow();
        assertThat(v1.provisional()).isTrue();
        Instant tenOClock = DAY_START.plus(Duration.ofHours(10));
        // 10:00–10:30 has a good sample (10:00, 2 kW): without the gap it would count 1 kWh, read into the outage.
        assertThat(v1.inputs())
                .filteredOn(m -> m.memberId().equals("B")
                        && !m.start().isBefore(tenOClock)
                        && m.start().isBefore(back))
                .hasSize(2)
                .allSatisfy(m -> assertThat(m.consumptionWh()).isZero());
        assertThat(MemberStatement.of(v1, "B").notes())
                .anySatisfy(n -> assertThat(n)
                        .startsWith("provisional: ")
                        .contains("B misses 2 of 48 intervals (2 with a data-quality gap)"));
    }

    /**
     * B's meter was read at 10:00 local; its link was lost at 10:05 and back at 11:00, and nothing back-filled the
     * outage: the driver host marked it (INVALID, COMMUNICATION_FAILURE) and reads again from 11:00. Returns 11:00.
     */
    private Instant loseB() throws StoreException {
        Instant lost = DAY_START.plus(Duration.ofMinutes(10 * 60 + 5));
        Instant back = DAY_START.plus(Duration.ofHours(11));
        store.remove(
                meter("B"), x -> x.sourceTime().isAfter(lost) && x.sourceTime().isBefore(back));
        store.append(List.of(
                new Sample(
                        meter("B"),
                        Double.NaN,
                        Quality.invalid(Quality.Reason.COMMUNICATION_FAILURE, "connection lost"),
                        lost,
                        lost),
                new Sample(
                        meter("B"),
                        Double.NaN,
                        Quality.invalid(
                                Quality.Reason.COMMUNICATION_FAILURE,
                                "gap: no values from " + lost + " to " + back + " could be back-filled"),
                        lost.plusMillis(1),
                        back)));
        return back;
    }

    @Test
    void eachMetersDayIsReadOnceForItsBucketsAndItsGaps() throws Exception {
        loseB();
        CountingStore counting = new CountingStore(store, new ArrayList<>());
        Instant end = DAY_START.plus(Duration.ofDays(1));

        MeterDay day = MeterDay.read(counting, MeterDay.metered(DEMO), DAY_START, end, Duration.ofMinutes(30));

        // Before issue 25's change: an aggregate and a gaps call (which paged through the samples) per meter.
        assertThat(counting.reads())
                .containsExactly(
                        "bucketsAndGaps demo.A-meter.p",
                        "bucketsAndGaps demo.B-meter.p",
                        "bucketsAndGaps demo.P-meter.p");
        assertThat(day.missing()).containsOnly(entry("B", 2));
        assertThat(day.qualityGaps()).containsOnly(entry("B", 2));
        assertThat(day.csv()).contains("\n2026-12-05T09:00:00Z,B,0,0\n", "\n2026-12-05T09:30:00Z,B,0,0\n");
        assertThat(day.csv()).contains("\n2026-12-05T08:30:00Z,B,1,0\n", "\n2026-12-05T10:00:00Z,B,1,0\n");
    }

    /** A store that names every read it is asked for, then asks {@code store}. */
    private record CountingStore(TimeSeriesStore store, List<String> reads) implements TimeSeriesStore {
        @Override
        public void append(List<Sample> samples) throws StoreException {
            store.append(samples);
        }

        @Override
        public List<Sample> range(PointId point, Instant from, Instant to) throws StoreException {
            reads.add("range " + point.value());
            return store.range(point, from, to);
        }

        @Override
        public List<Sample> range(PointId point, Instant from, Instant to, int limit) throws StoreException {
            reads.add("range " + point.value());
            return store.range(point, from, to, limit);
        }

        @Override
        public List<Bucket> aggregate(PointId point, Instant from, Instant to, Duration step) throws StoreException {
            reads.add("aggregate " + point.value());
            return store.aggregate(point, from, to, step);
        }

        @Override
        public List<QualityGap> gaps(PointId point, Instant from, Instant to) throws StoreException {
            reads.add("gaps " + point.value());
            return store.gaps(point, from, to);
        }

        @Override
        public BucketsAndGaps bucketsAndGaps(PointId point, Instant from, Instant to, Duration step)
                throws StoreException {
            reads.add("bucketsAndGaps " + point.value());
            return store.bucketsAndGaps(point, from, to, step);
        }

        @Override
        public Optional<Sample> latest(PointId point) throws StoreException {
            reads.add("latest " + point.value());
            return store.latest(point);
        }
    }

    @Test
    void withoutAnApprovedPolicyNothingIsSettledAndAnEventSaysWhatToDo() throws Exception {
        StageRun never = settle.settle(DEMO, DAY, 1);

        assertThat(never.outcome()).isEqualTo(StageOutcome.SKIPPED);
        assertThat(never.reason())
                .isEqualTo("not settled 2026-12-05: no approved version of allocation policy "
                        + "demo-priority is in force at 2026-12-04T23:00:00Z (the day's start in Europe/Vienna); it "
                        + "was never "
                        + "proposed: propose it (POST /api/v1/governance/proposals with an effectiveFrom at or before "
                        + "2026-12-04T23:00:00Z) and have a governance lead approve it, or set the loop's "
                        + "settlementPolicy to "
                        + "the id of an approved policy");
        assertThat(events.raised).singleElement().satisfies(e -> {
            assertThat(e.community()).isEqualTo("demo");
            assertThat(e.source()).isEqualTo("loop.settle");
            assertThat(e.severity()).isEqualTo(Severity.WARNING);
            assertThat(e.subject()).isEqualTo("demo");
            assertThat(e.message()).isEqualTo("demo: " + never.reason());
        });

        // Proposed, not approved: still nothing, and the event names the proposal to approve.
        governance.propose(policy(1, "[[\"A\"], [\"B\"]]"), Instant.parse("2026-01-01T00:00:00Z"), ALICE);
        StageRun pending = settle.settle(DEMO, DAY, 2);
        assertThat(pending.outcome()).isEqualTo(StageOutcome.SKIPPED);
        assertThat(pending.reason())
                .endsWith("proposal 1 (demo-priority@v1, by alice) waits for a governance lead's "
                        + "approval: POST /api/v1/governance/proposals/1/approve");
        assertThat(events.raised).hasSize(2);
        // The corrections raise nothing and settle nothing.
        assertThat(settle.correctProvisional(DEMO, 3)).isEmpty();
        assertThat(events.raised).hasSize(2);
        assertThat(ledger.periods("demo")).isEmpty();
    }

    @Test
    void aVersionApprovedForLaterDoesNotSettleAnEarlierDay() throws Exception {
        approve(policy(1, "[[\"A\"], [\"B\"]]"), Instant.parse("2026-12-06T00:00:00Z"));

        StageRun r = settle.settle(DEMO, DAY, 1);

        assertThat(r.outcome()).isEqualTo(StageOutcome.SKIPPED);
        assertThat(r.reason())
                .endsWith("demo-priority@v1 is approved but takes effect only from "
                        + "2026-12-06T00:00:00Z: propose a version effective at or before 2026-12-04T23:00:00Z to "
                        + "settle "
                        + "this day");
        assertThat(ledger.periods("demo")).isEmpty();
    }

    @Test
    void theVersionInForceAtTheDayStartIsUsedNotALaterOne() throws Exception {
        approve(policy(1, "[[\"A\"], [\"B\"]]"), Instant.parse("2026-01-01T00:00:00Z"));
        approve(policy(2, "[[\"B\"], [\"A\"]]"), Instant.parse("2026-12-05T12:00:00Z"));

        StageRun r = settle.settle(DEMO, DAY, 1);

        assertThat(r.version()).isEqualTo("demo-priority@v1");
        SettlementRun run = ledger.latest("demo", PERIOD).orElseThrow();
        assertThat(run.lines()).extracting(l -> l.policy().toString()).containsOnly("demo-priority@v1");
        assertThat(allocatedWh(run, "A")).isCloseTo(8_000, within());
    }

    @Test
    void thePolicysResolutionSetsTheInterval() throws Exception {
        approve(
                policy(1, "[[\"A\"], [\"B\"]]").replace("\"method\"", "\"resolutionMinutes\": 60, \"method\""),
                Instant.parse("2026-01-01T00:00:00Z"));

        assertThat(settle.settle(DEMO, DAY, 1).outcome()).isEqualTo(StageOutcome.OK);

        SettlementRun run = ledger.latest("demo", PERIOD).orElseThrow();
        assertThat(run.inputs())
                .hasSize(24 * 3)
                .allSatisfy(m -> assertThat(m.length()).isEqualTo(Duration.ofHours(1)));
        assertThat(run.inputs())
                .filteredOn(m -> m.memberId().equals("B"))
                .extracting(MeterInterval::consumptionWh)
                .allSatisfy(wh -> assertThat(wh).isCloseTo(2000, within()));
    }

    @Test
    void aMemberWithTwoMetersHasTheirImportAndExportSummedSeparately() throws Exception {
        Member two = new Member(
                "C",
                null,
                null,
                List.of(
                        new Site("c-home", null, null, List.of(new Asset("c-home-meter", null, AssetKind.METER, 0, 0))),
                        new Site(
                                "c-barn", null, null, List.of(new Asset("c-barn-meter", null, AssetKind.METER, 0, 0)))),
                List.of());
        Community c = new Community(
                "demo", null, List.of(member("A"), member("B"), member("P"), two), List.of(), List.of(), List.of());
        store.append(List.of(Sample.good(PointId.of("demo.c-home-meter.p"), 1000, DAY_START)));
        store.append(List.of(Sample.good(PointId.of("demo.c-barn-meter.p"), -400, DAY_START)));
        MeterDay day = MeterDay.read(
                store, MeterDay.metered(c), DAY_START, DAY_START.plus(Duration.ofDays(1)), Duration.ofMinutes(30));

        assertThat(day.csv()).contains("\n2026-12-04T23:00:00Z,C,0.5,0.2\n");
        assertThat(day.missing()).containsOnly(entry("C", 47));
        assertThat(day.gaps(3)).isEqualTo("C misses 47 of 48 intervals");
    }

    @Test
    void aDayWithoutDataIsSkippedAndSettledWhenItsDataArrives() throws Exception {
        approve(policy(1, "[[\"A\"], [\"B\"]]"), Instant.parse("2026-01-01T00:00:00Z"));
        LocalDate before = DAY.minusDays(1);

        StageRun r = settle.settle(DEMO, before, 1);

        assertThat(r.outcome()).isEqualTo(StageOutcome.SKIPPED);
        assertThat(r.reason())
                .isEqualTo("not settled 2026-12-04: the store has no meter data for it (3 members, "
                        + "points like demo.A-meter.p)");
        // The data of the day before arrives late (A only): the correction settles it, provisional.
        Instant start = before.atStartOfDay(VIENNA).toInstant();
        List<Sample> a = new ArrayList<>();
        for (int k = 0; k < 48; k++) {
            a.add(Sample.good(meter("A"), 500, start.plus(Duration.ofMinutes(30L * k))));
        }
        store.append(a);
        List<StageRun> runs = settle.correctProvisional(DEMO, 2);
        assertThat(runs)
                .extracting(StageRun::reason)
                .anySatisfy(s -> assertThat(s)
                        .startsWith("settled 2026-12-04 for 3 members with demo-priority@v1")
                        .endsWith("provisional: B misses all 48 " + "intervals, P misses all 48 intervals"));
    }

    @Test
    void aDayNotOverAndAFailingStoreSettleNothing() throws Exception {
        approve(policy(1, "[[\"A\"], [\"B\"]]"), Instant.parse("2026-01-01T00:00:00Z"));

        StageRun today = settle.settle(DEMO, DAY.plusDays(1), 1);
        assertThat(today.outcome()).isEqualTo(StageOutcome.SKIPPED);
        assertThat(today.reason())
                .isEqualTo("2026-12-06 (Europe/Vienna) is not over yet: it ends " + "2026-12-06T23:00:00Z");

        store.failWith(new StoreException("database is closed"));
        StageRun failed = settle.settle(DEMO, DAY, 2);
        assertThat(failed.outcome()).isEqualTo(StageOutcome.FAILED);
        assertThat(failed.reason())
                .isEqualTo("settling 2026-12-05 failed: cannot read the meter data from the store: "
                        + "database is closed");
        assertThat(events.raised).extracting(HubEvent::message).containsExactly("demo: " + failed.reason());
        assertThat(ledger.periods("demo")).isEmpty();
    }

    @Test
    void yesterdayIsTheLocalDayBefore() {
        assertThat(settle.yesterday()).isEqualTo(DAY);
    }

    // ---- the allocators' guard rails and shadow ----

    private final FakeStrategies strategies = new FakeStrategies();
    private final ShadowStatements shadows = new ShadowStatements();

    /** The priority method's strategy at another version, allocating as {@code how} says. */
    private record Priority(String version, UnaryOperator<AllocationRequest> before, Allocation how)
            implements Allocator {
        @Override
        public String name() {
            return "priority";
        }

        @Override
        public AllocationResult allocate(AllocationRequest r) {
            return how.allocate(new MethodAllocator(Method.PRIORITY).allocate(before.apply(r)));
        }
    }

    @FunctionalInterface
    private interface Allocation {
        AllocationResult allocate(AllocationResult priority);
    }

    /**
     * The day settled with priority 1.0.0 deployed, {@code newer} deployed, approved and active after it, the
     * allocators behind guard rails of 1 s.
     */
    private DailySettlement guarded(Allocator newer) {
        SettlementServiceImpl service = SettlementServiceImpl.on(ledger, governance, CLOCK);
        MethodAllocator previous = new MethodAllocator(Method.PRIORITY);
        service.addAllocator(previous);
        service.addAllocator(newer);
        strategies.activate(previous).activate(newer);
        approve(policy(1, "[[\"A\"], [\"B\"]]"), Instant.parse("2026-01-01T00:00:00Z"));
        approve(
                "{\"id\":\"strategy-allocation-priority\",\"version\":1,\"kind\":\"strategy-activation\","
                        + "\"role\":\"allocation\",\"strategy\":\"priority\",\"strategyVersion\":\""
                        + newer.version() + "\"}",
                null);
        return new DailySettlement(
                store,
                service,
                ledger,
                governance,
                events,
                CLOCK,
                new DailySettlement.Settings(VIENNA, null, null, null, 0.30, 0.08, 7),
                new AllocationStrategies(
                        strategies, new StrategyGuard(Duration.ofSeconds(1), "test-strategy"), shadows));
    }

    /** The day was settled by priority 1.0.0: 8 and 16 kWh for A and B, recorded and in the statements so. */
    private StageRun settledByThePreviousVersion(Allocator newer, String why) throws Exception {
        StageRun r = guarded(newer).settle(DEMO, DAY, 1);
        assertThat(strategies.quarantined()).containsExactly("priority " + newer.version() + ": " + why);
        assertThat(r.outcome()).isEqualTo(StageOutcome.DEGRADED);
        assertThat(r.reason())
                .endsWith("; priority " + newer.version() + " " + why + ": quarantined; allocated by priority@1.0.0");
        SettlementRun run = ledger.latest("demo", PERIOD).orElseThrow();
        assertThat(ledger.versions("demo", PERIOD)).hasSize(1);
        assertThat(run.strategy()).isEqualTo("priority@1.0.0");
        assertThat(allocatedWh(run, "A")).isCloseTo(8_000, within());
        assertThat(allocatedWh(run, "B")).isCloseTo(16_000, within());
        assertThat(MemberStatement.of(run, "A").strategy()).isEqualTo("priority@1.0.0");
        assertThat(run.notes()).anySatisfy(n -> assertThat(n).startsWith("allocated by priority 1.0.0 after: "));
        return r;
    }

    @Test
    void anAllocatorThatThrowsIsQuarantinedAndTheVersionBeforeSettlesTheDay() throws Exception {
        settledByThePreviousVersion(
                new Priority("1.1.0", UnaryOperator.identity(), x -> {
                    throw new IllegalStateException("division by zero");
                }),
                "threw java.lang.IllegalStateException: division by zero");
    }

    @Test
    void anAllocatorThatOverrunsItsTimeBudgetIsQuarantined() throws Exception {
        settledByThePreviousVersion(
                new Priority(
                        "1.1.0",
                        r -> {
                            try {
                                Thread.sleep(10_000);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return r;
                        },
                        x -> x),
                "overran its time budget of 1 s");
    }

    @Test
    void anAllocationWithANaNIsInvalidAndItsAllocatorQuarantined() throws Exception {
        Priority nan = new Priority("1.1.0", UnaryOperator.identity(), x -> scaled(x, Double.NaN, "priority@1.1.0"));
        StageRun r = guarded(nan).settle(DEMO, DAY, 1);
        assertThat(strategies.quarantined())
                .singleElement()
                .asString()
                .startsWith("priority 1.1.0: returned an invalid allocation: ");
        assertThat(r.reason()).endsWith(": quarantined; allocated by priority@1.0.0");
        assertThat(ledger.latest("demo", PERIOD).orElseThrow().strategy()).isEqualTo("priority@1.0.0");
    }

    @Test
    void anAllocationOfMoreThanWasSharedIsInvalid() throws Exception {
        Priority greedy = new Priority("1.1.0", UnaryOperator.identity(), x -> scaled(x, 3, "priority@1.1.0"));
        guarded(greedy).settle(DEMO, DAY, 1);
        assertThat(strategies.quarantined())
                .singleElement()
                .asString()
                .startsWith("priority 1.1.0: returned an invalid allocation: ");
        assertThat(ledger.latest("demo", PERIOD).orElseThrow().strategy()).isEqualTo("priority@1.0.0");
    }

    /** Every line's energy and value times {@code f}. */
    private static AllocationResult scaled(AllocationResult r, double f, String strategy) {
        List<AllocationLine> lines = r.lines().stream()
                .map(l -> new AllocationLine(
                        l.intervalStart(),
                        l.interval(),
                        l.memberId(),
                        l.allocatedWh() * f,
                        l.valueEur() * f,
                        l.policy(),
                        l.rule()))
                .toList();
        return new AllocationResult(strategy, r.policy(), lines, r.shares(), r.notes());
    }

    @Test
    void theShadowAllocatesTheSameRequestItsStatementsAreKeptAsideAndComparedPerMember() throws Exception {
        Priority half = new Priority("2.0.0", UnaryOperator.identity(), x -> scaled(x, 0.5, "whatever"));
        DailySettlement settle = guarded(new Priority("1.0.1", UnaryOperator.identity(), x -> x));
        strategies.shadow(half);
        StageRun r = settle.settle(DEMO, DAY, 1);
        assertThat(r.outcome()).isEqualTo(StageOutcome.OK);
        assertThat(strategies.quarantined()).isEmpty();
        // The ledger and the statements have the active's run only.
        assertThat(ledger.versions("demo", PERIOD)).singleElement().satisfies(run -> {
            assertThat(run.strategy()).isEqualTo("priority@1.0.1");
            assertThat(allocatedWh(run, "A")).isCloseTo(8_000, within());
        });
        assertThat(shadows.days()).singleElement().satisfies(d -> {
            assertThat(d.shadow().strategy()).isEqualTo("priority@2.0.0");
            assertThat(d.shadow().version()).isZero();
            assertThat(allocatedWh(d.shadow(), "A")).isCloseTo(4_000, within());
        });
        ShadowComparison c =
                new AllocationComparator(strategies, shadows).compare().orElseThrow();
        assertThat(c.active()).isEqualTo("priority 1.0.1");
        assertThat(c.shadow()).isEqualTo("priority 2.0.0");
        assertThat(c.cycles()).isEqualTo(1);
        assertThat(c.to()).isEqualTo(Instant.parse("2026-12-05T23:00:00Z"));
        // A: 8 kWh at 0.30 − 0.08 = 1.76 EUR, the shadow half; B: 16 kWh, 3.52 EUR; P consumes nothing.
        assertThat(c.figures())
                .extracting(ShadowFigure::name, ShadowFigure::subject, ShadowFigure::unit, ShadowFigure::samples)
                .containsExactly(
                        tuple("credit", "A", "EUR", 1),
                        tuple("allocated", "A", "kWh", 1),
                        tuple("credit", "B", "EUR", 1),
                        tuple("allocated", "B", "kWh", 1),
                        tuple("credit", "P", "EUR", 1),
                        tuple("allocated", "P", "kWh", 1));
        double[][] expected = {{1.76, 0.88}, {8, 4}, {3.52, 1.76}, {16, 8}, {0, 0}, {0, 0}};
        for (int i = 0; i < expected.length; i++) {
            assertThat(c.figures().get(i).active()).isCloseTo(expected[i][0], within());
            assertThat(c.figures().get(i).shadow()).isCloseTo(expected[i][1], within());
        }
        // Per member and interval: consumed, allocated by each (Wh); 08:00 in Vienna, A consumed 0.5 kWh.
        assertThat(c.points()).hasSize(3 * 48);
        assertThat(c.points())
                .filteredOn(p -> p.subject().equals("A") && p.time().equals(Instant.parse("2026-12-05T07:00:00Z")))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.actual()).isCloseTo(500, within());
                    assertThat(p.active()).isCloseTo(500, within());
                    assertThat(p.shadow()).isCloseTo(250, within());
                });
    }

    @Test
    void aMisbehavingShadowIsQuarantinedAndTheDayIsSettledAsIf() throws Exception {
        DailySettlement settle = guarded(new Priority("1.0.1", UnaryOperator.identity(), x -> x));
        strategies.shadow(new Priority("2.0.0", UnaryOperator.identity(), x -> {
            throw new IllegalStateException("shadow broke");
        }));
        StageRun r = settle.settle(DEMO, DAY, 1);
        assertThat(strategies.quarantined())
                .containsExactly("priority 2.0.0: threw java.lang.IllegalStateException: shadow broke");
        assertThat(r.reason()).contains("shadow priority 2.0.0 threw");
        assertThat(ledger.latest("demo", PERIOD).orElseThrow().strategy()).isEqualTo("priority@1.0.1");
        assertThat(shadows.days()).isEmpty();
        assertThat(strategies.shadow(StrategyRole.ALLOCATION, Allocator.class)).isEmpty();
    }

    private static Offset<Double> within() {
        return Offset.offset(1e-6);
    }
}
