package io.gridhub.store.derby.internal;

import io.gridhub.api.audit.AuditVerification;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The audit trail's chain, in one place for the hub ({@link JdbcAuditTrail}) and the offline check
 * ({@code ./gridhub audit verify} through {@link AuditDatabase}): how an entry's mac is computed, and the
 * verification of a whole trail in a database against the key file and the head file.
 *
 * <p>mac(n) = HMAC-SHA256(key, mac(n-1) ‖ seq ‖ at ‖ actor ‖ channel ‖ action ‖ subject ‖ outcome ‖ detail), each
 * part as UTF-8 after its length (4 bytes, big-endian), so that no two different entries share a content; the
 * first entry's previous mac is empty. The check reads the table row by row (a trail of millions of entries
 * needs no memory) and reports the first problem, naming the entry.
 */
public final class AuditChain {
    static final String ALGORITHM = "HmacSHA256";
    static final String COLUMNS = "seq, at_ms, actor, channel, action, subject, outcome, detail, mac";

    private AuditChain() {}

    /** The outcome of a check, with the last entry found (seq 0 and an empty mac for an empty trail). */
    public record Check(
            AuditVerification verification, long lastSeq, String lastMac, boolean keyFound, boolean headFound) {
        public boolean intact() {
            return verification.intact();
        }
    }

    static Mac hmac(byte[] key) {
        try {
            Mac m = Mac.getInstance(ALGORITHM);
            m.init(new SecretKeySpec(key, ALGORITHM));
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + ALGORITHM, e); // every Java SE runtime has it
        }
    }

    /** The mac of one entry after the entry whose mac is {@code previousMac}. */
    static String mac(
            Mac m,
            String previousMac,
            long seq,
            long atMillis,
            String actor,
            String channel,
            String action,
            String subject,
            String outcome,
            String detail) {
        m.reset();
        for (String part : new String[] {
            previousMac, Long.toString(seq), Long.toString(atMillis), actor, channel, action, subject, outcome, detail
        }) {
            byte[] b = part.getBytes(StandardCharsets.UTF_8);
            m.update(ByteBuffer.allocate(4).putInt(b.length).array());
            m.update(b);
        }
        return HexFormat.of().formatHex(m.doFinal());
    }

    static boolean tableExists(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        // Derby folds unquoted names to upper case, PostgreSQL to lower case.
        for (String n : new String[] {"AUDIT_TRAIL", "audit_trail"}) {
            try (ResultSet rs = md.getTables(null, null, n, null)) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Checks the trail in the database on {@code c} (no table counts as an empty trail) against the key in
     * {@code keyFile} and the head in {@code headFile}: every entry's mac, seq 1, 2, 3 … without gaps, and the last
     * entry against the head, which finds entries cut off at the end and a trail deleted as a whole. A head
     * that lags behind the trail is accepted when the entry it names matches it: the hub stopped between an
     * append's commit and the head's update.
     */
    public static Check check(Connection c, Path keyFile, Path headFile) throws SQLException {
        byte[] key = null;
        String keyProblem = null;
        try {
            key = AuditKey.read(keyFile).orElse(null);
        } catch (IOException e) {
            keyProblem = e.getMessage();
        }
        AuditHead head = null;
        String headProblem = null;
        try {
            head = AuditHead.read(headFile).orElse(null);
        } catch (IOException e) {
            headProblem = e.getMessage();
        }
        Mac m = key == null ? null : hmac(key);
        long count = 0;
        long expected = 1;
        long lastSeq = 0;
        String lastMac = "";
        String atHead = null;
        String problem = null;
        if (tableExists(c)) {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM audit_trail ORDER BY seq",
                    ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                p.setFetchSize(1000);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        count++;
                        long seq = rs.getLong(1);
                        String mac = rs.getString(9).trim();
                        if (problem == null) {
                            if (seq != expected) {
                                problem = gap(expected, seq);
                            } else if (m != null) {
                                String want = mac(
                                        m,
                                        lastMac,
                                        seq,
                                        rs.getLong(2),
                                        rs.getString(3),
                                        rs.getString(4),
                                        rs.getString(5),
                                        rs.getString(6),
                                        rs.getString(7),
                                        rs.getString(8));
                                if (!MessageDigest.isEqual(
                                        want.getBytes(StandardCharsets.US_ASCII),
                                        mac.getBytes(StandardCharsets.US_ASCII))) {
                                    problem = "entry " + seq + " does not match its mac: it was changed after it was "
                                            + "written (or the key in " + keyFile + " is not the trail's key)";
                                }
                            }
                        }
                        if (head != null && seq == head.seq()) {
                            atHead = mac;
                        }
                        lastSeq = seq;
                        lastMac = mac;
                        expected = seq + 1;
                    }
                }
            }
        }
        if (problem == null && count > 0 && key == null) {
            problem = (keyProblem != null ? keyProblem : "the key file " + keyFile + " is missing")
                    + ", but the trail has " + count + " entries (1 to " + lastSeq + "): restore the key from its "
                    + "backup; without it no entry can be checked";
        }
        if (problem == null) {
            problem = headProblem(headFile, head, headProblem, count, lastSeq, lastMac, atHead);
        }
        AuditVerification v = new AuditVerification(count, Optional.ofNullable(problem));
        return new Check(v, lastSeq, lastMac, key != null, head != null);
    }

    private static String gap(long expected, long seq) {
        if (expected == 1) {
            return (seq == 2 ? "entry 1 is missing" : "entries 1 to " + (seq - 1) + " are missing")
                    + ": the trail starts at entry " + seq;
        }
        return (seq == expected + 1
                        ? "entry " + expected + " is missing"
                        : "entries " + expected + " to " + (seq - 1) + " are missing")
                + ": entry " + seq + " follows entry " + (expected - 1);
    }

    private static String headProblem(
            Path headFile,
            AuditHead head,
            String headProblem,
            long count,
            long lastSeq,
            String lastMac,
            String atHead) {
        if (headProblem != null) {
            return headProblem;
        }
        if (head == null) {
            return count == 0
                    ? null
                    : "the head file " + headFile + " is missing, but the trail has " + count
                            + " entries (last: entry " + lastSeq
                            + "): entries cut off at the end could not be noticed; "
                            + "restore the head file from its backup";
        }
        if (count == 0) {
            return "the trail is empty, but its head (" + headFile + ") records entry " + head.seq()
                    + ": the trail was deleted (entries 1 to " + head.seq() + ")";
        }
        if (head.seq() > lastSeq) {
            return "the trail ends at entry " + lastSeq + ", but its head (" + headFile + ") records entry "
                    + head.seq() + ": "
                    + (head.seq() == lastSeq + 1
                            ? "entry " + head.seq() + " was"
                            : "entries " + (lastSeq + 1) + " to " + head.seq() + " were")
                    + " deleted";
        }
        if (head.seq() == lastSeq && !head.mac().equals(lastMac)) {
            return "entry " + lastSeq + " does not match the head (" + headFile + "): the last entry was replaced";
        }
        if (head.seq() < lastSeq && !head.mac().equals(atHead)) {
            return "entry " + head.seq() + " does not match the head (" + headFile + "), which is behind the "
                    + "trail's end (entry " + lastSeq + ")";
        }
        return null;
    }
}
