package io.gridhub.store.derby.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.audit.AuditException;
import io.gridhub.api.audit.AuditRecord;
import io.gridhub.api.audit.AuditVerification;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit trail on a real embedded Derby in a temporary folder, tampered with the way an intruder would. */
class JdbcAuditTrailTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-02T08:00:00.123456Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private AuditDatabase.Location where() {
        return AuditDatabase.Location.of(dir.resolve("etc"), dir.resolve("data"));
    }

    private AuditDatabase open() throws AuditException {
        return AuditDatabase.open(where(), CLOCK);
    }

    /** A trail of five setpoint writes, closed again. */
    private void five() throws AuditException {
        try (AuditDatabase db = open()) {
            for (int i = 1; i <= 5; i++) {
                db.trail()
                        .append(
                                "loop",
                                "loop",
                                "setpoint.write",
                                "battery-" + i + "/p-set",
                                "confirmed",
                                "plan p-" + i + " value " + i * 1000 + " W mode supervised");
            }
        }
    }

    /** SQL on the trail's database behind the hub's back (the database stays booted when it is open). */
    private void sql(String statement) throws Exception {
        try (Connection c = DerbyStoreTest.dataSource(where().database()).getConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    private AuditVerification reopenAndVerify() throws Exception {
        try (AuditDatabase db = open()) {
            AuditVerification atStart = db.trail().startVerification();
            assertThat(db.trail().verify().problem()).isEqualTo(atStart.problem());
            return atStart;
        }
    }

    @Test
    void appendsAreChainedAndReadNewestFirst() throws Exception {
        try (AuditDatabase db = open()) {
            JdbcAuditTrail t = db.trail();
            assertThat(t.keyCreated()).isTrue();
            AuditRecord a = t.append(
                    "loop",
                    "loop",
                    "setpoint.write",
                    "battery-1/p-set",
                    "confirmed",
                    "plan p-7 value 3000 W mode autonomous");
            AuditRecord b = t.append("alice", "rest", "plan.confirm", "plan/p-8", "confirmed", null);
            AuditRecord c = t.append("loop", "loop", "setpoint.write", "battery-2/p-set", "refused", "limit");
            assertThat(List.of(a.seq(), b.seq(), c.seq())).containsExactly(1L, 2L, 3L);
            assertThat(a.at()).isEqualTo(Instant.parse("2026-06-02T08:00:00.123Z"));
            assertThat(a.mac()).hasSize(64).isNotEqualTo(b.mac());
            assertThat(t.recent(null, 10)).containsExactly(c, b, a);
            assertThat(t.recent("battery-", 10)).containsExactly(c, a);
            assertThat(t.recent("battery-", 1)).containsExactly(c);
            assertThat(t.recent("battery_", 10)).isEmpty(); // '_' is no wildcard here
            assertThat(t.recent("", 0)).isEmpty();
            assertThat(t.recent(null, Integer.MAX_VALUE)).hasSize(3);
            assertThat(t.verify()).isEqualTo(new AuditVerification(3, Optional.empty()));
        }
        assertThat(Files.readString(where().headFile())).startsWith("seq=3\nmac=");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(where().keyFile())))
                .isEqualTo("rw-------");
        assertThat(AuditKey.tooOpen(where().keyFile())).isFalse();
        assertThat(AuditDatabase.verify(where()).intact()).isTrue();
    }

    @Test
    void aRestartContinuesTheChainWithTheSameKey() throws Exception {
        five();
        String key = Files.readString(where().keyFile());
        try (AuditDatabase db = open()) {
            assertThat(db.trail().keyCreated()).isFalse();
            assertThat(db.trail().startVerification()).isEqualTo(new AuditVerification(5, Optional.empty()));
            AuditRecord six =
                    db.trail().append("bob", "rest", "policy.approve", "policy/demo-dynamic", "approved", "v3");
            assertThat(six.seq()).isEqualTo(6);
            assertThat(db.trail().recent(null, 2).get(1).mac())
                    .isEqualTo(db.trail().recent(null, 6).get(1).mac());
        }
        assertThat(Files.readString(where().keyFile())).isEqualTo(key);
        assertThat(AuditDatabase.verify(where())).isEqualTo(new AuditVerification(6, Optional.empty()));
    }

    @Test
    void anEditedEntryIsFound() throws Exception {
        five();
        sql("UPDATE audit_trail SET detail = 'plan p-3 value 0 W mode supervised' WHERE seq = 3");
        assertThat(reopenAndVerify().problem())
                .hasValueSatisfying(p -> assertThat(p).startsWith("entry 3 does not match its mac"));
    }

    @Test
    void entriesCutOffAtTheEndAreFound() throws Exception {
        five();
        sql("DELETE FROM audit_trail WHERE seq > 3");
        assertThat(reopenAndVerify().problem())
                .hasValueSatisfying(p -> assertThat(p)
                        .contains("the trail ends at entry 3")
                        .contains("records entry 5")
                        .endsWith("entries 4 to 5 were deleted"));
    }

    @Test
    void aDeletedTrailIsFound() throws Exception {
        five();
        sql("DELETE FROM audit_trail");
        AuditVerification v = reopenAndVerify();
        assertThat(v.entries()).isZero();
        assertThat(v.problem())
                .hasValueSatisfying(p -> assertThat(p)
                        .contains("the trail is empty")
                        .contains("records entry 5")
                        .contains("deleted"));
    }

    @Test
    void aNewEmptyDatabaseBesideTheOldHeadIsFound() throws Exception {
        five();
        // The whole database folder is gone: offline, that alone is a finding ...
        deleteTree(where().database());
        assertThat(AuditDatabase.verify(where()).problem())
                .hasValueSatisfying(p -> assertThat(p).contains("is gone").contains("records entry 5"));
        // ... and a hub that starts creates an empty one, whose trail is found deleted too.
        AuditVerification v = reopenAndVerify();
        assertThat(v.problem())
                .hasValueSatisfying(
                        p -> assertThat(p).contains("records entry 5").contains("was deleted (entries 1 to 5)"));
    }

    @Test
    void aGapIsFound() throws Exception {
        five();
        sql("DELETE FROM audit_trail WHERE seq = 3");
        assertThat(reopenAndVerify().problem())
                .hasValueSatisfying(p -> assertThat(p).isEqualTo("entry 3 is missing: entry 4 follows entry 2"));
        sql("DELETE FROM audit_trail WHERE seq < 3");
        assertThat(reopenAndVerify().problem())
                .hasValueSatisfying(
                        p -> assertThat(p).isEqualTo("entries 1 to 3 are missing: the trail starts at entry 4"));
    }

    @Test
    void aMissingKeyIsFoundAndNotReplaced() throws Exception {
        five();
        Files.delete(where().keyFile());
        assertThat(reopenAndVerify().problem())
                .hasValueSatisfying(p -> assertThat(p)
                        .contains("key file")
                        .contains("is missing")
                        .contains("5 entries (1 to 5)"));
        assertThat(where().keyFile()).doesNotExist();
    }

    @Test
    void anotherKeyFailsAtTheFirstEntry() throws Exception {
        five();
        Files.delete(where().keyFile());
        AuditKey.create(where().keyFile());
        assertThat(reopenAndVerify().problem())
                .hasValueSatisfying(p -> assertThat(p).startsWith("entry 1 does not match its mac"));
    }

    @Test
    void aMissingHeadIsFound() throws Exception {
        five();
        Files.delete(where().headFile());
        assertThat(reopenAndVerify().problem())
                .hasValueSatisfying(p -> assertThat(p)
                        .contains("head file")
                        .contains("is missing")
                        .contains("last: entry 5"));
    }

    @Test
    void aHeadOneBehindAfterACrashIsCaughtUp() throws Exception {
        five();
        String fourth;
        try (AuditDatabase db = open()) {
            fourth = db.trail().recent(null, 2).get(1).mac();
        }
        new AuditHead(4, fourth).write(where().headFile()); // stopped between the commit of 5 and its head
        assertThat(reopenAndVerify().intact()).isTrue();
        assertThat(AuditHead.read(where().headFile()))
                .get()
                .extracting(AuditHead::seq)
                .isEqualTo(5L);
        new AuditHead(4, "0".repeat(64)).write(where().headFile());
        assertThat(reopenAndVerify().problem())
                .hasValueSatisfying(p -> assertThat(p).startsWith("entry 4 does not match the head"));
    }

    @Test
    void afterAFailedStartAppendsAreRefusedAndVerifyKeepsReporting() throws Exception {
        five();
        sql("UPDATE audit_trail SET outcome = 'refused' WHERE seq = 2");
        try (AuditDatabase db = open()) {
            JdbcAuditTrail t = db.trail();
            assertThat(t.startVerification().intact()).isFalse();
            assertThatThrownBy(() -> t.append("loop", "loop", "setpoint.write", "battery-1/p-set", "confirmed", ""))
                    .isInstanceOf(AuditException.class)
                    .hasMessageContaining("must not proceed")
                    .hasMessageContaining("entry 2");
            // Repaired behind the hub's back: still reported (and refused) until a restart.
            sql("UPDATE audit_trail SET outcome = 'confirmed' WHERE seq = 2");
            assertThat(t.verify().problem())
                    .hasValueSatisfying(p -> assertThat(p).contains("entry 2").contains("restart the hub"));
            assertThatThrownBy(() -> t.append("loop", "loop", "x", "y", "z", ""))
                    .isInstanceOf(AuditException.class);
            assertThat(t.recent(null, 10)).hasSize(5); // reading stays possible
        }
        assertThat(reopenAndVerify().intact()).isTrue();
    }

    @Test
    void aTrailChangedWhileTheHubRunsRefusesTheNextAppend() throws Exception {
        try (AuditDatabase db = open()) {
            JdbcAuditTrail t = db.trail();
            t.append("loop", "loop", "setpoint.write", "a", "confirmed", "");
            t.append("loop", "loop", "setpoint.write", "b", "confirmed", "");
            sql("DELETE FROM audit_trail WHERE seq = 2");
            assertThatThrownBy(() -> t.append("loop", "loop", "setpoint.write", "c", "confirmed", ""))
                    .isInstanceOf(AuditException.class)
                    .hasMessageContaining("ends at entry 1")
                    .hasMessageContaining("wrote entry 2");
            assertThat(t.verify().problem())
                    .hasValueSatisfying(p -> assertThat(p).contains("entry 2"));
        }
    }

    @Test
    void longOrMultiLineTextIsCutWithAMarkerNotRefused() throws Exception {
        try (AuditDatabase db = open()) {
            String detail = "line one\nline two " + "x".repeat(10_000);
            AuditRecord r = db.trail().append("loop", "loop", "setpoint.write", "s".repeat(600), "ok", detail);
            assertThat(r.detail())
                    .hasSize(JdbcAuditTrail.DETAIL)
                    .startsWith("line one line two")
                    .endsWith("more characters cut]");
            assertThat(r.subject()).hasSize(JdbcAuditTrail.SUBJECT);
            assertThat(db.trail().recent(null, 1)).containsExactly(r);
            assertThat(db.trail().verify().intact()).isTrue();
        }
        assertThat(JdbcAuditTrail.bound("short", 10)).isEqualTo("short");
        assertThat(JdbcAuditTrail.bound(null, 10)).isEmpty();
    }

    @Test
    void concurrentAppendsGetGapFreeSeqs() throws Exception {
        try (AuditDatabase db = open()) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Long>> f = new ArrayList<>();
                for (int k = 0; k < 40; k++) {
                    int n = k;
                    f.add(pool.submit(() -> db.trail()
                            .append("loop", "loop", "setpoint.write", "p" + n, "ok", "")
                            .seq()));
                }
                List<Long> seqs = new ArrayList<>();
                for (Future<Long> x : f) {
                    seqs.add(x.get(60, TimeUnit.SECONDS));
                }
                assertThat(seqs).doesNotHaveDuplicates().allMatch(s -> s >= 1 && s <= 40);
            } finally {
                pool.shutdownNow();
            }
            assertThat(db.trail().verify()).isEqualTo(new AuditVerification(40, Optional.empty()));
        }
    }

    @Test
    void theMacCoversEveryFieldUnambiguously() {
        var m = AuditChain.hmac(new byte[32]);
        String base = AuditChain.mac(m, "", 1, 0, "ab", "c", "d", "e", "f", "g");
        assertThat(AuditChain.mac(m, "", 1, 0, "a", "bc", "d", "e", "f", "g")).isNotEqualTo(base);
        assertThat(AuditChain.mac(m, "", 1, 1, "ab", "c", "d", "e", "f", "g")).isNotEqualTo(base);
        assertThat(AuditChain.mac(m, "00", 1, 0, "ab", "c", "d", "e", "f", "g")).isNotEqualTo(base);
        assertThat(AuditChain.mac(m, "", 1, 0, "ab", "c", "d", "e", "f", "g")).isEqualTo(base);
    }

    @Test
    void anUnmigratedDatabaseIsRefused() {
        var ds = DerbyStoreTest.dataSource(dir.resolve("bare"));
        try {
            assertThatThrownBy(() -> new JdbcAuditTrail(ds, CLOCK, dir.resolve("k"), dir.resolve("h")))
                    .isInstanceOf(AuditException.class)
                    .hasMessageContaining("V4__audit_trail.sql");
        } finally {
            DerbyStoreTest.shutdown(ds);
        }
    }

    private static void deleteTree(Path root) throws Exception {
        try (var walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * The trail on a data source whose commits report a failure after committing while {@code failAfterCommit} is
     * set: what a disk that fills while Derby flushes its log does (the commit is kept for recovery at boot).
     */
    private JdbcAuditTrail trailWithFailingCommits(AtomicBoolean failAfterCommit) throws Exception {
        try (AuditDatabase db = open()) {
            // created and migrated; its trail is closed again
        }
        DataSource real = DerbyStoreTest.dataSource(where().database());
        DataSource failing = (DataSource) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object r = invoke(method, real, args);
                    if (!method.getName().equals("getConnection")) {
                        return r;
                    }
                    Connection c = (Connection) r;
                    return Proxy.newProxyInstance(
                            getClass().getClassLoader(), new Class<?>[] {Connection.class}, (p2, m2, a2) -> {
                                Object out = invoke(m2, c, a2);
                                if (m2.getName().equals("commit") && failAfterCommit.getAndSet(false)) {
                                    throw new SQLException("Page could not be written to disk (test)", "XSDG1");
                                }
                                return out;
                            });
                });
        return new JdbcAuditTrail(failing, CLOCK, where().keyFile(), where().headFile());
    }

    private static Object invoke(Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void anAppendWhoseCommitWasKeptThoughItFailedIsTheHubsOwnNotATamperedTrail() throws Exception {
        AtomicBoolean failAfterCommit = new AtomicBoolean(true);
        JdbcAuditTrail t = trailWithFailingCommits(failAfterCommit);
        assertThatThrownBy(() -> t.append("loop", "loop", "setpoint.write", "bat/p-set", "confirmed", "1 kW"))
                .isInstanceOf(AuditException.class)
                .hasMessageContaining("cannot record");
        AuditRecord next = t.append("loop", "loop", "setpoint.write", "bat/p-set", "confirmed", "2 kW");
        assertThat(next.seq())
                .as("the kept entry 1 is taken as the trail's end")
                .isEqualTo(2);
        assertThat(t.verify().problem()).isEmpty();
    }

    @Test
    void aKeptFailedAppendThatWasChangedAfterwardsStillBreaksTheTrail() throws Exception {
        AtomicBoolean failAfterCommit = new AtomicBoolean(true);
        JdbcAuditTrail t = trailWithFailingCommits(failAfterCommit);
        assertThatThrownBy(() -> t.append("loop", "loop", "setpoint.write", "bat/p-set", "confirmed", "1 kW"))
                .isInstanceOf(AuditException.class);
        sql("UPDATE audit_trail SET mac = 'forged' WHERE seq = 1");
        assertThatThrownBy(() -> t.append("loop", "loop", "setpoint.write", "bat/p-set", "confirmed", "2 kW"))
                .isInstanceOf(AuditException.class)
                .hasMessageContaining("broken");
    }
}
