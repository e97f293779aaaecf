package io.gridhub.store.derby.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.audit.AuditVerification;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import io.gridhub.api.settlement.SettlementRun;
import io.gridhub.api.store.StoreBackup;
import io.gridhub.api.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An online backup taken while samples are appended, restored as {@code ./gridhub restore} does (the database folder
 * and the audit head copied into a stopped instance, the key kept): every sample acknowledged before the backup
 * began, every ledger row and the whole audit chain are there, and the chain verifies.
 */
class DatabaseBackupTest {
    private static final PointId P = PointId.of("t.meter.p");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-02T08:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void aBackupTakenDuringIngestRestoresEveryAcknowledgedSampleTheLedgerAndTheAuditChain() throws Exception {
        AuditDatabase.Location live = AuditDatabase.Location.of(dir.resolve("etc"), dir.resolve("data"));
        Path backup = dir.resolve("backup");
        List<Sample> ackedBefore;
        int entries = 0;
        SettlementRun v1;
        SettlementRun v2;
        EmbeddedDataSource ds = DerbyStoreTest.dataSource(live.database());
        DerbyStore store = new DerbyStore(ds, CLOCK);
        try (AuditDatabase audit = AuditDatabase.open(live, CLOCK)) {
            JdbcSettlementLedger ledger = new JdbcSettlementLedger(ds, CLOCK);
            v1 = ledger.append(JdbcSettlementLedgerTest.run(1500));
            v2 = ledger.append(JdbcSettlementLedgerTest.run(1800));
            for (; entries < 20; entries++) {
                audit.trail().append("op", "control", "write", "bat", "ok", "entry " + entries);
            }
            List<Sample> acked = new ArrayList<>();
            AtomicBoolean run = new AtomicBoolean(true);
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread ingest = new Thread(() -> {
                int i = 0;
                try {
                    while (run.get()) {
                        List<Sample> batch = new ArrayList<>();
                        for (int k = 0; k < 500; k++, i++) {
                            batch.add(Sample.good(P, i, T0.plusMillis(i)));
                        }
                        store.append(batch);
                        synchronized (acked) {
                            acked.addAll(batch);
                        }
                    }
                } catch (StoreException | RuntimeException e) {
                    failed.set(e);
                }
            });
            ingest.start();
            while (true) {
                synchronized (acked) {
                    if (acked.size() >= 20_000) {
                        ackedBefore = List.copyOf(acked);
                        break;
                    }
                }
                Thread.sleep(5);
            }
            StoreBackup.Backup b = new DatabaseBackup(ds, live.database(), live.headFile(), CLOCK).backup(backup);
            // The hub goes on: more audit entries and samples after the backup.
            audit.trail().append("op", "control", "write", "bat", "ok", "after the backup");
            run.set(false);
            ingest.join(30_000);
            assertThat(failed.get()).isNull();
            assertThat(b.directory()).isEqualTo(backup);
            assertThat(b.bytes()).isPositive();
            assertThat(backup.resolve("store/service.properties")).exists();
            assertThat(backup.resolve("audit.head")).exists();
            assertThatThrownBy(() -> new DatabaseBackup(ds, live.database(), live.headFile(), CLOCK).backup(backup))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("is not empty");
        } finally {
            store.close();
            DerbyStoreTest.shutdown(ds);
        }

        // Restore into a stopped instance: its database and head are replaced, the key is the one it had.
        AuditDatabase.Location restored =
                AuditDatabase.Location.of(live.keyFile().getParent().getParent().getParent(), dir.resolve("restored"));
        Files.createDirectories(restored.headFile().getParent());
        copyTree(backup.resolve("store"), restored.database());
        Files.copy(backup.resolve("audit.head"), restored.headFile());

        assertThat(AuditDatabase.verify(restored)).isEqualTo(new AuditVerification(entries, Optional.empty()));
        EmbeddedDataSource rds = DerbyStoreTest.dataSource(restored.database());
        DerbyStore again = new DerbyStore(rds, CLOCK);
        try {
            List<Sample> stored = again.range(P, T0, T0.plus(Duration.ofDays(1)));
            assertThat(stored).containsAll(ackedBefore);
            JdbcSettlementLedger ledger = new JdbcSettlementLedger(rds, CLOCK);
            assertThat(ledger.versions("demo", v1.period())).containsExactly(v1, v2);
        } finally {
            again.close();
            DerbyStoreTest.shutdown(rds);
        }
    }

    @Test
    void aRelativeFolderIsRefused() {
        DatabaseBackup b = new DatabaseBackup(new EmbeddedDataSource(), dir, null, CLOCK);
        assertThatThrownBy(() -> b.backup(Path.of("relative"))).isInstanceOf(IllegalArgumentException.class);
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }
}
