package io.gridhub.store.derby.internal;

import io.gridhub.api.audit.AuditException;
import io.gridhub.api.audit.AuditRecord;
import io.gridhub.api.audit.AuditTrail;
import io.gridhub.api.audit.AuditVerification;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail on the store's database (table {@code audit_trail}, migration {@code V4__audit_trail.sql}):
 * INSERT and SELECT only. Appends are serialized and each is committed, then the head file updated, before
 * {@link #append} returns. The whole trail is verified when this opens ({@link #startVerification()}); a broken
 * trail refuses every append until an operator has dealt with it and the hub is restarted, so that no control
 * action goes unrecorded. {@link StoreComponent} registers it as the hub's {@link AuditTrail} service.
 */
public final class JdbcAuditTrail implements AuditTrail {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcAuditTrail.class);
    /** The most entries {@link #recent} returns. */
    public static final int MAX_RECENT = 10_000;

    static final int ACTOR = 200;
    static final int CHANNEL = 32;
    static final int ACTION = 100;
    static final int SUBJECT = 500;
    static final int OUTCOME = 100;
    static final int DETAIL = 4000;

    private final DataSource dataSource;
    private final Clock clock;
    private final Path keyFile;
    private final Path headFile;
    private final AuditVerification startVerification;
    private final boolean keyCreated;
    private Mac mac;
    private long lastSeq;
    private String lastMac;
    /** What is broken, once found: appends stay refused until a restart finds the trail intact. */
    private volatile String broken;
    /**
     * The entry of the last append that reported a failure (seq, mac), or -1: a commit can be durable though the
     * call failed (a disk that filled while Derby flushed its log keeps the commit for its recovery at boot), and then
     * the database ends one entry past the hub. That entry is the hub's own, not a change outside it.
     */
    private long failedSeq = -1;

    private String failedMac = "";

    /**
     * The trail as a store offers it: opened and verified at start, the outcome logged (a broken trail is returned
     * all the same and refuses appends); null when it cannot be opened (logged). Both stores' components call it.
     */
    public static JdbcAuditTrail openVerified(DataSource dataSource, Clock clock, Path key, Path head) {
        try {
            JdbcAuditTrail trail = new JdbcAuditTrail(dataSource, clock, key, head);
            AuditVerification v = trail.startVerification();
            if (v.intact()) {
                LOG.info(
                        "audit trail verified: {} entries{}",
                        v.entries(),
                        trail.keyCreated() ? "; new key " + key + " (back it up, apart from the data)" : "");
                if (AuditKey.tooOpen(key)) {
                    LOG.warn("audit key {} is readable or writable by others than its owner", key);
                }
            } else {
                LOG.error(
                        "AUDIT TRAIL BROKEN: {}. Control actions are refused until an operator deals with it "
                                + "(key {}, head {}; see docs/security.md#audit-trail)",
                        v.problem().orElseThrow(),
                        key,
                        head);
            }
            return trail;
        } catch (AuditException e) {
            LOG.error("cannot open the audit trail (key {}, head {}): {}", key, head, e.getMessage(), e);
            return null;
        }
    }

    /**
     * Opens the trail on a migrated database and verifies it. When it is intact and empty and there is no key
     * yet, a new key is created; a missing key next to entries (or a head) is a failure, never a new key.
     *
     * @throws AuditException when the database cannot be read or has no audit table, or a new key cannot be
     *                        written; a broken trail does not throw, see {@link #startVerification()}
     */
    public JdbcAuditTrail(DataSource dataSource, Clock clock, Path keyFile, Path headFile) throws AuditException {
        this.dataSource = dataSource;
        this.clock = clock;
        this.keyFile = keyFile;
        this.headFile = headFile;
        AuditChain.Check check;
        try (Connection c = dataSource.getConnection()) {
            if (!AuditChain.tableExists(c)) {
                throw new AuditException(
                        "the database has no audit table: its schema is not migrated (the "
                                + "store's migration V4__audit_trail.sql creates it)",
                        null);
            }
            check = AuditChain.check(c, keyFile, headFile);
        } catch (SQLException e) {
            throw new AuditException("cannot read the audit trail: " + e.getMessage(), e);
        }
        boolean created = false;
        if (check.intact()) {
            try {
                if (!check.keyFound()) {
                    AuditKey.create(keyFile);
                    created = true;
                }
                byte[] key = AuditKey.read(keyFile).orElseThrow(() -> new IOException(keyFile + " vanished"));
                mac = AuditChain.hmac(key);
                if (check.lastSeq() > 0 && (!check.headFound() || lastSeqOf(headFile) < check.lastSeq())) {
                    new AuditHead(check.lastSeq(), check.lastMac()).write(headFile); // catch up after a crash
                }
            } catch (IOException e) {
                throw new AuditException(
                        "cannot prepare the audit trail's key " + keyFile + " or head " + headFile + ": "
                                + e.getMessage(),
                        e);
            }
        } else {
            broken = check.verification().problem().orElseThrow();
        }
        keyCreated = created;
        lastSeq = check.lastSeq();
        lastMac = check.lastMac();
        startVerification = check.verification();
    }

    private static long lastSeqOf(Path headFile) throws IOException {
        return AuditHead.read(headFile).map(AuditHead::seq).orElse(0L);
    }

    /** The verification when the trail was opened: what a health check reports, what an operator must fix. */
    public AuditVerification startVerification() {
        return startVerification;
    }

    /** Whether this opening created the key (the first start of a hub). */
    public boolean keyCreated() {
        return keyCreated;
    }

    public Path keyFile() {
        return keyFile;
    }

    public Path headFile() {
        return headFile;
    }

    @Override
    public synchronized AuditRecord append(
            String actor, String channel, String action, String subject, String outcome, String detail)
            throws AuditException {
        String a = bound(require(actor, "actor"), ACTOR);
        String ch = bound(require(channel, "channel"), CHANNEL);
        String ac = bound(require(action, "action"), ACTION);
        String s = bound(subject, SUBJECT);
        String o = bound(outcome, OUTCOME);
        String d = bound(detail, DETAIL);
        if (broken != null) {
            throw new AuditException(
                    "the audit trail is broken, nothing is recorded (and the action must not "
                            + "proceed) until an operator has dealt with it: " + broken,
                    null);
        }
        long seq = 0;
        String m = "";
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                checkEnd(c);
                seq = lastSeq + 1;
                m = AuditChain.mac(mac, lastMac, seq, at.toEpochMilli(), a, ch, ac, s, o, d);
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO audit_trail (" + AuditChain.COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    p.setLong(1, seq);
                    p.setLong(2, at.toEpochMilli());
                    p.setString(3, a);
                    p.setString(4, ch);
                    p.setString(5, ac);
                    p.setString(6, s);
                    p.setString(7, o);
                    p.setString(8, d);
                    p.setString(9, m);
                    p.executeUpdate();
                }
                c.commit();
            } catch (SQLException | AuditException e) {
                rollback(c);
                throw e;
            }
        } catch (SQLException e) {
            if (seq > 0) {
                failedSeq = seq;
                failedMac = m;
            }
            throw new AuditException("cannot record " + ac + " on " + s + " in the audit trail: " + e.getMessage(), e);
        }
        failedSeq = -1;
        advance(seq, m);
        return new AuditRecord(seq, at, a, ch, ac, s, o, d, m);
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // the database failed under the transaction (a full disk): nothing of it was committed by this call
            LOG.debug("rollback of an audit append failed: {}", e.toString());
        }
    }

    /** The entry {@code seq} with {@code m} is the trail's end now: in memory and in the head file. */
    private void advance(long seq, String m) throws AuditException {
        lastSeq = seq;
        lastMac = m;
        try {
            new AuditHead(seq, m).write(headFile);
        } catch (IOException e) {
            throw new AuditException(
                    "entry " + seq + " is recorded, but the audit head " + headFile + " could not be written: "
                            + e.getMessage(),
                    e);
        }
    }

    /** The trail's end in the database must be the entry this trail wrote last: else it was changed meanwhile. */
    private void checkEnd(Connection c) throws SQLException, AuditException {
        long seq = 0;
        String m = "";
        try (PreparedStatement p = c.prepareStatement(
                        "SELECT seq, mac FROM audit_trail " + "WHERE seq = (SELECT MAX(seq) FROM audit_trail)");
                ResultSet rs = p.executeQuery()) {
            if (rs.next()) {
                seq = rs.getLong(1);
                m = rs.getString(2).trim();
            }
        }
        if (seq == failedSeq && seq == lastSeq + 1 && m.equals(failedMac)) {
            LOG.warn(
                    "audit entry {} was recorded although its append reported a failure (the database kept the "
                            + "commit): the trail goes on after it",
                    seq);
            failedSeq = -1;
            advance(seq, m);
            return;
        }
        if (seq != lastSeq || !m.equals(lastMac)) {
            broken = seq != lastSeq
                    ? "the trail ends at entry " + seq + " in the database, but the hub wrote entry " + lastSeq
                            + " last: it was changed outside the hub"
                    : "entry " + seq + " was replaced outside the hub (its mac is not the one written)";
            throw new AuditException(
                    "the audit trail is broken, nothing is recorded (and the action must not "
                            + "proceed) until an operator has dealt with it: " + broken,
                    null);
        }
    }

    private static String require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("an audit entry needs a " + name);
        }
        return value;
    }

    /** One line (control characters become spaces), at most {@code max} characters, a cut marked as such. */
    static String bound(String value, int max) {
        if (value == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(value.length(), max + 1));
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            b.append(Character.isISOControl(ch) ? ' ' : ch);
        }
        if (b.length() <= max) {
            return b.toString();
        }
        String marker = "…[" + (value.length() - max) + "+ more characters cut]";
        int keep = max - marker.length();
        if (Character.isHighSurrogate(b.charAt(keep - 1))) {
            keep--;
        }
        return b.substring(0, keep) + marker;
    }

    @Override
    public List<AuditRecord> recent(String subjectPrefix, int limit) throws AuditException {
        int n = Math.min(limit, MAX_RECENT);
        if (n <= 0) {
            return List.of();
        }
        boolean filter = subjectPrefix != null && !subjectPrefix.isEmpty();
        String sql = "SELECT " + AuditChain.COLUMNS + " FROM audit_trail"
                + (filter ? " WHERE subject LIKE ? ESCAPE '!'" : "") + " ORDER BY seq DESC";
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement(sql)) {
            if (filter) {
                p.setString(
                        1, subjectPrefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
            }
            p.setMaxRows(n);
            List<AuditRecord> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new AuditRecord(
                            rs.getLong(1),
                            Instant.ofEpochMilli(rs.getLong(2)),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getString(8),
                            rs.getString(9).trim()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new AuditException("cannot read the audit trail: " + e.getMessage(), e);
        }
    }

    /**
     * Checks the whole trail now. A problem found here, or at the start, stays: appends remain refused and this
     * keeps reporting it until a restart finds the trail intact.
     */
    @Override
    public synchronized AuditVerification verify() {
        AuditChain.Check check;
        try (Connection c = dataSource.getConnection()) {
            check = AuditChain.check(c, keyFile, headFile);
        } catch (SQLException e) {
            return new AuditVerification(lastSeq, Optional.of("cannot read the audit trail: " + e.getMessage()));
        }
        if (!check.intact()) {
            if (broken == null) {
                broken = check.verification().problem().orElseThrow();
            }
            return check.verification();
        }
        if (broken != null) {
            return new AuditVerification(
                    check.verification().entries(),
                    Optional.of(
                            broken + " (found earlier; the trail checks out now: restart the hub to record again)"));
        }
        return check.verification();
    }
}
