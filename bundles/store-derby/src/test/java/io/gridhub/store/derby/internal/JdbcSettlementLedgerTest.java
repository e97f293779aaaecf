package io.gridhub.store.derby.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.allocation.MemberShare;
import io.gridhub.api.model.AllocationLine;
import io.gridhub.api.model.MeterInterval;
import io.gridhub.api.model.PolicyRef;
import io.gridhub.api.settlement.MemberStatement;
import io.gridhub.api.settlement.SettlementDiff;
import io.gridhub.api.settlement.SettlementException;
import io.gridhub.api.settlement.SettlementLedger;
import io.gridhub.api.settlement.SettlementRun;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger on a real embedded Derby in a temporary folder, migrated by the store's Flyway scripts. */
class JdbcSettlementLedgerTest {
    private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");
    private static final Duration Q = Duration.ofMinutes(15);
    private static final String PERIOD = "2026-06-01T10:00:00Z/2026-06-01T10:30:00Z";
    private static final PolicyRef POLICY = new PolicyRef("demo-dynamic", 2);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-02T08:00:00.123456Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    /** Two members, two quarter hours; P generates 2 kWh per quarter, A consumes {@code a2} in the second. */
    static SettlementRun run(double a2Wh) {
        List<MeterInterval> in = List.of(
                new MeterInterval(T0, Q, "A", 1000, 0), new MeterInterval(T0, Q, "P", 0, 2000),
                new MeterInterval(T0.plus(Q), Q, "A", a2Wh, 0), new MeterInterval(T0.plus(Q), Q, "P", 0, 2000));
        String rule = "dynamic: a = c·min(1, G/C)";
        List<AllocationLine> lines = List.of(
                new AllocationLine(T0, Q, "A", 1000, 0.22, POLICY, rule),
                new AllocationLine(T0, Q, "P", 0, 0, POLICY, rule),
                new AllocationLine(
                        T0.plus(Q), Q, "A", Math.min(a2Wh, 2000), 0.22 * Math.min(a2Wh, 2000) / 1000, POLICY, rule),
                new AllocationLine(T0.plus(Q), Q, "P", 0, 0, POLICY, rule));
        return new SettlementRun(
                "demo",
                PERIOD,
                0,
                null,
                "dynamic",
                "dynamic@1.0.0",
                POLICY,
                in,
                lines,
                List.of(new MemberShare("A", 0.1 + a2Wh / 1e5, 0.001)),
                List.of("prices flat", "a note"));
    }

    @Test
    void correctedRunIsTheNextVersionAndEverySurvivesARestart() throws Exception {
        SettlementRun v1;
        SettlementRun v2;
        MemberStatement statementBefore;
        try (LedgerDatabase db = LedgerDatabase.open(dir.resolve("db"), CLOCK)) {
            SettlementLedger ledger = db.ledger();
            v1 = ledger.append(run(1500));
            v2 = ledger.append(run(1800)); // corrected meter reading of A in the second quarter hour
            assertThat(v1.version()).isEqualTo(1);
            assertThat(v2.version()).isEqualTo(2);
            assertThat(v2.recordedAt()).isEqualTo(Instant.parse("2026-06-02T08:00:00.123Z"));
            statementBefore =
                    MemberStatement.of(ledger.version("demo", PERIOD, 2).orElseThrow(), "A", v1);
        }
        // Closed (Derby shut down) and opened again, as after a restart of the hub.
        try (LedgerDatabase db = LedgerDatabase.open(dir.resolve("db"), CLOCK)) {
            SettlementLedger ledger = db.ledger();
            assertThat(ledger.communities()).containsExactly("demo");
            assertThat(ledger.periods("demo")).containsExactly(PERIOD);
            List<SettlementRun> versions = ledger.versions("demo", PERIOD);
            assertThat(versions).containsExactly(v1, v2);
            assertThat(ledger.latest("demo", PERIOD)).contains(v2);
            assertThat(ledger.version("demo", PERIOD, 1)).contains(v1);
            assertThat(ledger.version("demo", PERIOD, 3)).isEmpty();

            SettlementDiff d = ledger.diff("demo", PERIOD, 1, 2);
            assertThat(d.lines()).singleElement().satisfies(c -> {
                assertThat(c.memberId()).isEqualTo("A");
                assertThat(c.intervalStart()).isEqualTo(T0.plus(Q));
                assertThat(c.consumptionWhBefore()).isEqualTo(1500);
                assertThat(c.consumptionWhAfter()).isEqualTo(1800);
                assertThat(c.allocatedWhBefore()).isEqualTo(1500);
                assertThat(c.allocatedWhAfter()).isEqualTo(1800);
            });
            assertThat(d.shares()).singleElement().satisfies(s -> {
                assertThat(s.valueEurBefore()).isEqualTo(0.1 + 1500 / 1e5);
                assertThat(s.valueEurAfter()).isEqualTo(0.1 + 1800 / 1e5);
            });

            MemberStatement after = MemberStatement.of(versions.get(1), "A", versions.get(0));
            assertThat(after).isEqualTo(statementBefore);
            assertThat(after.previousVersion()).isEqualTo(1);
            assertThat(after.changes()).hasSize(1);
            assertThat(after.consumptionWh()).isEqualTo(2800);
            assertThat(after.allocatedWh()).isEqualTo(2800);
            assertThat(after.lines()).extracting(MemberStatement.Line::rule).containsOnly("dynamic: a = c·min(1, G/C)");
            assertThat(after.lines()).extracting(MemberStatement.Line::policy).containsOnly(POLICY);
            assertThat(after.notes()).containsExactly("prices flat", "a note");
            // P did not change: its statement against version 1 lists nothing.
            assertThat(MemberStatement.of(versions.get(1), "P", versions.get(0)).changes())
                    .isEmpty();

            // Appending goes on after the restart.
            assertThat(ledger.append(run(1700)).version()).isEqualTo(3);
        }
    }

    @Test
    void concurrentAppendsOfOnePeriodGetDistinctVersions() throws Exception {
        try (LedgerDatabase db = LedgerDatabase.open(dir.resolve("db"), CLOCK)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<SettlementRun>> f = new ArrayList<>();
                for (int k = 0; k < 8; k++) {
                    double a = 1000 + k;
                    f.add(pool.submit(() -> db.ledger().append(run(a))));
                }
                List<Integer> versions = new ArrayList<>();
                for (Future<SettlementRun> x : f) {
                    versions.add(x.get(60, TimeUnit.SECONDS).version());
                }
                assertThat(versions).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void refusesADatabaseWithoutTheLedgerSchema() {
        EmbeddedDataSource ds = DerbyStoreTest.dataSource(dir.resolve("bare"));
        try {
            assertThatThrownBy(() -> new JdbcSettlementLedger(ds, CLOCK))
                    .isInstanceOf(SettlementException.class)
                    .hasMessageContaining("no settlement tables")
                    .hasMessageContaining("V3__settlement_ledger.sql");
        } finally {
            DerbyStoreTest.shutdown(ds);
        }
    }

    @Test
    void theStoreAndTheLedgerShareOneDatabase() throws Exception {
        EmbeddedDataSource ds = DerbyStoreTest.dataSource(dir.resolve("shared"));
        try (DerbyStore store = new DerbyStore(ds, CLOCK)) {
            JdbcSettlementLedger ledger = new JdbcSettlementLedger(ds, CLOCK); // migrated by the store
            assertThat(ledger.append(run(1200)).version()).isEqualTo(1);
            assertThat(store.blockCount()).isZero();
        } finally {
            DerbyStoreTest.shutdown(ds);
        }
    }
}
