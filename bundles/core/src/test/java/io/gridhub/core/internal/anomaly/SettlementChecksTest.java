package io.gridhub.core.internal.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.allocation.MemberShare;
import io.gridhub.api.anomaly.Anomaly;
import io.gridhub.api.anomaly.AnomalyFilter;
import io.gridhub.api.anomaly.AnomalyKind;
import io.gridhub.api.anomaly.AnomalySeverity;
import io.gridhub.api.anomaly.Finding;
import io.gridhub.api.model.AllocationLine;
import io.gridhub.api.model.MeterInterval;
import io.gridhub.api.model.PolicyRef;
import io.gridhub.api.settlement.SettlementRun;
import io.gridhub.testkit.FakeLedger;
import io.gridhub.testkit.RecordingAuditTrail;
import io.gridhub.testkit.Settings;
import io.gridhub.testkit.SteppingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The settlement checks on small hand-made runs: two members A and B and a producer P, two half-hour intervals of
 * a day.
 */
class SettlementChecksTest {
    private static final Instant DAY = Instant.parse("2026-12-01T00:00:00Z");
    private static final Duration HALF_HOUR = Duration.ofMinutes(30);
    private static final PolicyRef POLICY = new PolicyRef("demo-dynamic", 1);
    private final SettlementChecks checks = new SettlementChecks(SettlementChecks.Limits.DEFAULT);

    /** One day's run: per member its consumption in each interval (kWh), P generating {@code gen} kWh each. */
    static Run day(int day) {
        return new Run(DAY.plus(Duration.ofDays(day)));
    }

    /** A run under construction. */
    static final class Run {
        final Instant start;
        final List<MeterInterval> inputs = new ArrayList<>();
        final List<AllocationLine> lines = new ArrayList<>();
        final List<MemberShare> shares = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        int version = 1;

        Run(Instant start) {
            this.start = start;
        }

        /** A member's consumption and generation, and its allocated kWh and EUR, in interval {@code k}. */
        Run meter(int k, String member, double kwhIn, double kwhOut, double allocatedKwh, double eur) {
            Instant at = start.plus(HALF_HOUR.multipliedBy(k));
            inputs.add(new MeterInterval(at, HALF_HOUR, member, kwhIn * 1000, kwhOut * 1000));
            lines.add(new AllocationLine(at, HALF_HOUR, member, allocatedKwh * 1000, eur, POLICY, "test"));
            return this;
        }

        /** A plausible day: P generates 4 kWh an interval, A and B consume {@code a} and {@code b} and share it. */
        Run plain(double a, double b) {
            for (int k = 0; k < 2; k++) {
                double share = Math.min(1, 4 / (a + b));
                meter(k, "A", a, 0, a * share, a * share * 0.2);
                meter(k, "B", b, 0, b * share, b * share * 0.2);
                meter(k, "P", 0, 4, 0, 0);
            }
            return this;
        }

        Run version(int v) {
            version = v;
            return this;
        }

        Run share(String member, double eur) {
            shares.add(new MemberShare(member, eur, 0));
            return this;
        }

        SettlementRun run() {
            String period = start + "/" + start.plus(HALF_HOUR.multipliedBy(2));
            return new SettlementRun(
                    "demo", period, version, start, "dynamic", "dynamic", POLICY, inputs, lines, shares, notes);
        }
    }

    private List<Finding> check(SettlementRun run) {
        return checks.check(run, null, List.of());
    }

    @Test
    void aPlausibleRunRaisesNothing() {
        assertThat(check(day(0).plain(3, 2).run())).isEmpty();
        assertThat(check(day(0).plain(1, 1).run())).isEmpty();
    }

    @Test
    void moreSharedEnergyThanGeneratedIsASharesMismatch() {
        Run r = day(0).plain(3, 2);
        // A third member gets 2 kWh in the first interval, more than P's 4 kWh leaves.
        r.meter(0, "C", 2, 0, 2, 0.4);
        List<Finding> found = check(r.run());
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(AnomalyKind.SHARES_MISMATCH);
            assertThat(f.severity()).isEqualTo(AnomalySeverity.HIGH);
            assertThat(f.from()).isEqualTo(DAY);
            assertThat(f.to()).isEqualTo(DAY.plus(Duration.ofHours(1)));
            assertThat(f.explanation())
                    .contains("1 interval(s)", "6.00 kWh allocated, 4.00 kWh generated", DAY.toString());
        });
    }

    @Test
    void sharesThatDoNotAddUpToTheLinesAreASharesMismatch() {
        // The lines are worth 1.6 EUR in all (A 1.2, B 0.4).
        assertThat(check(day(0).plain(3, 1).share("A", 1.2).share("B", 0.4).run()))
                .isEmpty();
        List<Finding> found =
                check(day(0).plain(3, 1).share("A", 1.5).share("B", 0.4).run());
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(AnomalyKind.SHARES_MISMATCH);
            assertThat(f.explanation()).contains("add up to 1.90 EUR", "lines to 1.60 EUR");
        });
    }

    @Test
    void negativeOrMoreThanConsumedAllocationsAreOutOfPolicy() {
        Run r = day(0).meter(0, "A", 1, 0, -0.5, 0)
                .meter(0, "B", 1, 0, 1.5, 0.3)
                .meter(0, "P", 0, 4, 0, 0);
        List<Finding> found = check(r.run());
        assertThat(found).extracting(Finding::kind).containsOnly(AnomalyKind.ALLOCATION_OUT_OF_POLICY);
        assertThat(found).extracting(Finding::members).containsExactly(List.of("A"), List.of("B"));
        assertThat(found.get(0).explanation()).contains("member A", "-0.50 kWh (negative)");
        assertThat(found.get(1).explanation()).contains("member B", "1.50 kWh", "while it consumed 1.00 kWh");
    }

    @Test
    void aStatementThatMovesBeyondTheThresholdIsAStatementChange() {
        SettlementRun v1 = day(0).plain(30, 20).run();
        // A's meter data corrected to a tenth: its value drops from 0.96 to 0.21 EUR, B's rises from 0.64 to 1.39.
        SettlementRun v2 = day(0).plain(3, 20).version(2).run();
        // Both under the default 1 EUR floor.
        assertThat(checks.check(v2, v1, List.of())).isEmpty();
        SettlementChecks strict = new SettlementChecks(new SettlementChecks.Limits(0.01, 0.2, 0.1, 3, 3, 1));
        List<Finding> found = strict.check(v2, v1, List.of());
        assertThat(found).extracting(Finding::kind).containsOnly(AnomalyKind.STATEMENT_CHANGE);
        assertThat(found).extracting(Finding::members).containsExactly(List.of("A"), List.of("B"));
        assertThat(found.get(0).explanation())
                .contains("member A's statement", "from 0.96 EUR in version 1 to 0.21 EUR in version 2")
                .contains("(-0.75 EUR, -78 %)");
        assertThat(found.get(1).explanation()).contains("(+0.75 EUR, +117 %)");
        // Within 150 % of each statement: nothing.
        SettlementChecks lax = new SettlementChecks(new SettlementChecks.Limits(0.01, 1.5, 0.1, 3, 3, 1));
        assertThat(lax.check(v2, v1, List.of())).isEmpty();
    }

    @Test
    void aMemberWhoseConsumptionJumpsAgainstItsHistoryIsAProfileChange() {
        List<SettlementRun> history = new ArrayList<>();
        for (int d = 0; d < 5; d++) {
            history.add(day(d).plain(3 + 0.1 * d, 2).run());
        }
        // Day 5: A uses five times as much, B as usual.
        SettlementRun today = day(5).plain(16, 2).run();
        List<Finding> found = checks.check(today, null, history);
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(AnomalyKind.PROFILE_CHANGE);
            assertThat(f.members()).containsExactly("A");
            assertThat(f.explanation()).contains("member A consumed 32.00 kWh", "median of its 5 settled periods");
        });
        // Too little history: nothing.
        assertThat(checks.check(today, null, history.subList(0, 2))).isEmpty();
        // A provisional run (missing data counted as 0) is not checked.
        Run provisional = day(5).plain(16, 2);
        provisional.notes.add(SettlementRun.PROVISIONAL + "A missing 2 intervals");
        assertThat(checks.check(provisional.run(), null, history)).isEmpty();
    }

    @Test
    void theCheckerReadsTheVersionBeforeAndEarlierPeriodsFromTheLedgerAndFilesInTheQueue() throws Exception {
        SteppingClock clock = SteppingClock.at(DAY.plus(Duration.ofDays(10)));
        FakeLedger ledger = new FakeLedger(clock);
        for (int d = 0; d < 4; d++) {
            ledger.append(day(d).plain(3, 2).run());
        }
        SettlementRun v1 = ledger.append(day(4).plain(3, 2).run());
        SettlementRun v2 = ledger.append(day(4).plain(12, 2).version(0).run());
        AnomalyQueueImpl queue =
                new AnomalyQueueImpl(Settings.of(AnomalyQueueImpl.Config.class), clock, AnomalyBook.inMemory());
        queue.trail = new RecordingAuditTrail(clock);
        SettlementChecker checker = new SettlementChecker(
                Settings.of(SettlementChecker.Config.class, "profileMinPeriods", 3, "statementChangeEur", 0.1),
                ledger,
                queue);
        try {
            assertThat(checker.check(v1)).isEmpty();
            List<Finding> found = checker.check(v2);
            // A consumed 24 kWh against 6 kWh each day before; both statements moved by 0.41 EUR.
            assertThat(found).hasSize(3);
            assertThat(queue.list(AnomalyFilter.all(10)))
                    .extracting(a -> a.finding().kind() + " " + a.finding().members() + " "
                            + a.finding().detector())
                    .containsExactlyInAnyOrder(
                            "STATEMENT_CHANGE [A] settlement-checks",
                            "STATEMENT_CHANGE [B] settlement-checks",
                            "PROFILE_CHANGE [A] settlement-checks");
            // Checking the same version again folds into the open anomalies.
            checker.check(v2);
            assertThat(queue.list(AnomalyFilter.all(10)))
                    .extracting(Anomaly::occurrences)
                    .containsOnly(2);
        } finally {
            checker.deactivate();
            queue.deactivate();
        }
    }
}
