package io.gridhub.store.postgresql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.audit.AuditException;
import io.gridhub.api.audit.AuditRecord;
import io.gridhub.api.model.AllocationLine;
import io.gridhub.api.model.MeterInterval;
import io.gridhub.api.model.PolicyRef;
import io.gridhub.api.settlement.SettlementLedger;
import io.gridhub.api.settlement.SettlementRun;
import io.gridhub.store.derby.internal.JdbcAuditTrail;
import io.gridhub.store.derby.internal.JdbcSettlementLedger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settlement ledger and the audit trail on PostgreSQL: the Derby store's JDBC classes on this store's schema,
 * through the pool, across a restart (a new pool), and the trail's check of an entry changed behind its back.
 */
class LedgerAndAuditTrailTest {
    private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");
    private static final Duration Q = Duration.ofMinutes(15);
    private static final String PERIOD = "2026-06-01T10:00:00Z/2026-06-01T10:15:00Z";
    private static final PolicyRef POLICY = new PolicyRef("demo-dynamic", 2);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-02T08:00:00.123456Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static SettlementRun run(double wh) {
        return new SettlementRun(
                "demo",
                PERIOD,
                0,
                null,
                "dynamic",
                "dynamic@1.0.0",
                POLICY,
                List.of(new MeterInterval(T0, Q, "A", wh, 0), new MeterInterval(T0, Q, "P", 0, 2000)),
                List.of(new AllocationLine(T0, Q, "A", Math.min(wh, 2000), 0.22, POLICY, "dynamic")),
                List.of(),
                List.of("a note"));
    }

    @Test
    void aCorrectedRunIsTheNextVersionAndBothSurviveARestart() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            Migrations.migrate(db.pool, TestDatabase.SCHEMA);
            SettlementLedger ledger = new JdbcSettlementLedger(db.pool, CLOCK);
            SettlementRun v1 = ledger.append(run(1500));
            SettlementRun v2 = ledger.append(run(1800));
            assertThat(List.of(v1.version(), v2.version())).containsExactly(1, 2);
            try (var again = db.anotherPool()) {
                SettlementLedger reopened = new JdbcSettlementLedger(again, CLOCK);
                assertThat(reopened.versions("demo", PERIOD)).containsExactly(v1, v2);
                assertThat(reopened.latest("demo", PERIOD)).contains(v2);
                assertThat(reopened.communities()).containsExactly("demo");
                assertThat(reopened.periods("demo")).containsExactly(PERIOD);
            }
        }
    }

    @Test
    void theAuditTrailChainsItsEntriesAndFindsOneChangedInTheDatabase() throws Exception {
        Path key = dir.resolve("etc/gridhub/keys/audit.hmac");
        Path head = dir.resolve("data/gridhub/audit.head");
        try (TestDatabase db = TestDatabase.create()) {
            Migrations.migrate(db.pool, TestDatabase.SCHEMA);
            JdbcAuditTrail trail = new JdbcAuditTrail(db.pool, CLOCK, key, head);
            assertThat(trail.keyCreated()).isTrue();
            AuditRecord a = trail.append("loop", "loop", "setpoint.write", "battery-1/p-set", "confirmed", "3000 W");
            AuditRecord b = trail.append("alice", "rest", "plan.confirm", "plan/p-8", "confirmed", null);
            assertThat(trail.recent("battery-", 10)).containsExactly(a);
            assertThat(trail.recent(null, 10)).containsExactly(b, a);
            assertThat(trail.verify().intact()).isTrue();

            try (var again = db.anotherPool()) { // the hub restarted: same key, the chain goes on
                JdbcAuditTrail reopened = new JdbcAuditTrail(again, CLOCK, key, head);
                assertThat(reopened.startVerification().entries()).isEqualTo(2);
                assertThat(reopened.append("bob", "rest", "policy.approve", "policy/x", "approved", "v3")
                                .seq())
                        .isEqualTo(3);
            }

            db.psql("UPDATE audit_trail SET detail = '9000 W' WHERE seq = 1");
            assertThat(trail.verify().problem())
                    .hasValueSatisfying(p -> assertThat(p).contains("entry 1"));
            assertThatThrownBy(() -> trail.append("loop", "loop", "setpoint.write", "b", "confirmed", ""))
                    .isInstanceOf(AuditException.class)
                    .hasMessageContaining("broken");
        }
    }
}
