package io.gridhub.store.derby.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import io.gridhub.api.store.StoreException;
import io.gridhub.testkit.Waits;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's database fails as a whole and is reopened without a restart of the component. */
class StoreRecoveryTest {
    static final PointId P = PointId.of("t.recovery.p");
    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @TempDir
    Path dir;

    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor();
    private StoreRecovery recovery;
    private EmbeddedDataSource ds;

    @AfterEach
    void close() {
        background.shutdownNow();
        if (recovery != null) {
            recovery.close();
        }
        if (ds != null) {
            DerbyStoreTest.shutdown(ds);
        }
    }

    @Test
    void fatalStatesAndMessagesAreTheDatabasesNotAStatementsFailure() {
        assertThat(DatabaseFailure.isFatal(new SQLException("Java exception: 'containerCache is null'", "XJ001")))
                .isTrue();
        assertThat(DatabaseFailure.isFatal(new SQLException("log write failed", "XSLA4")))
                .isTrue();
        assertThat(DatabaseFailure.isFatal(new SQLException("Container has been closed.", "40XD0")))
                .isTrue();
        assertThat(DatabaseFailure.isFatal(new SQLException("shut down", "XXXXX", 45000)))
                .isTrue();
        SQLException wrapped = new SQLException("insert failed", "XSDG1");
        assertThat(DatabaseFailure.isFatal(new SQLException("outer", "38000", wrapped)))
                .isTrue();
        SQLException chained = new SQLException("outer", "38000");
        chained.setNextException(new SQLException("inner", "XSDB3"));
        assertThat(DatabaseFailure.isFatal(chained)).isTrue();
        assertThat(DatabaseFailure.isFatal(new SQLException("io", "38000", new IOException("No space left on device"))))
                .isTrue();
        assertThat(DatabaseFailure.isFatal(new SQLException("duplicate key", "23505", 20000)))
                .isFalse();
        assertThat(DatabaseFailure.isFatal(new SQLException("lock timeout", "40XL1", 30000)))
                .isFalse();
    }

    @Test
    void aDatabaseShutDownUnderTheStoreIsReopenedAndKeepsWhatWasAcknowledged() throws Exception {
        ds = DerbyStoreTest.dataSource(dir.resolve("db"));
        recovery = new StoreRecovery(ds, Clock.systemUTC(), background, Duration.ofMillis(100), Duration.ofMillis(400));
        recovery.open();
        JdbcAuditTrail trail =
                new JdbcAuditTrail(ds, Clock.systemUTC(), dir.resolve("audit.hmac"), dir.resolve("audit.head"));
        trail.append("operator", "rest", "setpoint", "loop.demo", "ok", "before the failure");
        List<Sample> acknowledged = new ArrayList<>();
        int next = append(acknowledged, 0, 100);

        // Derby shuts the database down under the open store, as it does when its disk fills.
        LedgerDatabase.shutdown(shutdownSource(ds));

        assertThatThrownBy(() -> recovery.store().append(samples(1_000, 10))).isInstanceOf(StoreException.class);
        assertThat(recovery.problem()).contains("the database failed");
        assertThatThrownBy(() -> recovery.store().latest(PointId.of("t.nobody")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("being reopened");

        Waits.until(Duration.ofSeconds(30), () -> recovery.problem() == null, "the store reopened");
        append(acknowledged, next, 100);
        assertThat(recovery.recoveries()).isEqualTo(1);
        // The audit trail on the same database takes a connection per call: it records again, its chain intact.
        trail.append("operator", "rest", "setpoint", "loop.demo", "ok", "after the reopen");
        assertThat(trail.verify().intact()).isTrue();
        assertThat(trail.verify().entries()).isEqualTo(2);

        // A failure while nothing is written is found by the probe (the component runs it every replaySeconds).
        LedgerDatabase.shutdown(shutdownSource(ds));
        assertThatThrownBy(() -> recovery.store().probe()).isInstanceOf(StoreException.class);
        assertThat(recovery.problem()).contains("the database failed");
        Waits.until(Duration.ofSeconds(30), () -> recovery.problem() == null, "the store reopened again");
        assertThat(recovery.recoveries()).isEqualTo(2);
        assertThat(recovery.lastRecovery()).isPositive();
        assertThat(recovery.store().range(P, T0, T0.plus(Duration.ofDays(1)))).containsExactlyElementsOf(acknowledged);
    }

    static EmbeddedDataSource shutdownSource(EmbeddedDataSource ds) {
        EmbeddedDataSource other = new EmbeddedDataSource();
        other.setDatabaseName(ds.getDatabaseName());
        return other;
    }

    /** Appends {@code n} samples from the {@code from}-th second on; adds them to {@code acknowledged}. */
    private int append(List<Sample> acknowledged, int from, int n) throws StoreException {
        List<Sample> batch = samples(from, n);
        recovery.store().append(batch);
        acknowledged.addAll(batch);
        return from + n;
    }

    static List<Sample> samples(int from, int n) {
        List<Sample> out = new ArrayList<>(n);
        for (int i = from; i < from + n; i++) {
            Instant t = T0.plusSeconds(i);
            out.add(Sample.good(P, Math.sin(i * 0.37) * 1_000 + i * 1e-3, t));
        }
        return out;
    }
}
