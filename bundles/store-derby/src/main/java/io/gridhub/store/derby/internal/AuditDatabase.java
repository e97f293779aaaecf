package io.gridhub.store.derby.internal;

import io.gridhub.api.audit.AuditException;
import io.gridhub.api.audit.AuditVerification;
import io.gridhub.api.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import org.apache.derby.jdbc.EmbeddedDataSource;

/**
 * The audit trail of a store database outside the hub: {@code ./gridhub audit verify} on a stopped instance
 * ({@link #verify}, which neither creates nor migrates anything) and tests ({@link #open}). Where the files are
 * by default is decided here too ({@link Location}), for the hub and the tool alike.
 */
public final class AuditDatabase implements AutoCloseable {
    private final EmbeddedDataSource dataSource;
    private final JdbcAuditTrail trail;

    /**
     * Where a trail lives: the store's database folder, the key file and the head file.
     *
     * @param database the Derby database folder ({@code <data>/gridhub/store})
     * @param keyFile  {@code <etc>/gridhub/keys/audit.hmac}: back it up, apart from the data
     * @param headFile {@code <data>/gridhub/audit.head}
     */
    public record Location(Path database, Path keyFile, Path headFile) {
        /** The defaults of a Karaf instance with the given {@code etc} and {@code data} folders. */
        public static Location of(Path etc, Path data) {
            return new Location(
                    data.resolve("gridhub").resolve("store"),
                    AuditFiles.keyFileIn(etc),
                    data.resolve("gridhub").resolve("audit.head"));
        }

        /** The defaults in this JVM: {@code karaf.etc} and {@code karaf.data}, else {@code data/} for both. */
        static Location ofSystem() {
            return of(AuditFiles.etc(), AuditFiles.data());
        }
    }

    private AuditDatabase(EmbeddedDataSource dataSource, JdbcAuditTrail trail) {
        this.dataSource = dataSource;
        this.trail = trail;
    }

    /** Opens (creating and migrating) the database of {@code where} and its trail, verified. */
    public static AuditDatabase open(Location where, Clock clock) throws AuditException {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(where.database().toAbsolutePath().toString());
        ds.setCreateDatabase("create");
        try {
            Migrations.migrate(ds);
            return new AuditDatabase(ds, new JdbcAuditTrail(ds, clock, where.keyFile(), where.headFile()));
        } catch (StoreException | AuditException | RuntimeException e) {
            LedgerDatabase.shutdown(ds);
            throw e instanceof AuditException a
                    ? a
                    : new AuditException(
                            "cannot open the audit trail in " + where.database() + ": " + e.getMessage(), e);
        }
    }

    public JdbcAuditTrail trail() {
        return trail;
    }

    @Override
    public void close() {
        LedgerDatabase.shutdown(dataSource);
    }

    /**
     * Verifies the trail of a stopped hub: the same check as the hub's at start. A database folder that is gone
     * while the head still records entries is a deleted trail (a result, not an exception).
     *
     * @throws AuditException when it cannot be checked: no database and no head, or the database is in use
     *                        (a hub is running on it: ask the hub instead)
     */
    public static AuditVerification verify(Location where) throws AuditException {
        Path db = where.database().toAbsolutePath();
        if (!Files.isDirectory(db)) {
            Optional<AuditHead> head;
            try {
                head = AuditHead.read(where.headFile());
            } catch (IOException e) {
                throw new AuditException("no store database at " + db + ", and " + e.getMessage(), e);
            }
            if (head.isPresent()) {
                return new AuditVerification(
                        0,
                        Optional.of("the store database " + db + " is gone, but the head ("
                                + where.headFile() + ") records entry "
                                + head.get().seq() + ": the trail was deleted "
                                + "(entries 1 to " + head.get().seq() + ")"));
            }
            throw new AuditException(
                    "no store database at " + db + " and no audit head at " + where.headFile() + ": nothing to verify",
                    null);
        }
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(db.toString());
        try (Connection c = ds.getConnection()) {
            c.setReadOnly(true);
            return AuditChain.check(c, where.keyFile(), where.headFile()).verification();
        } catch (SQLException e) {
            throw new AuditException("cannot open the store database " + db + ": " + messages(e), e);
        } finally {
            LedgerDatabase.shutdown(ds);
        }
    }

    /** Derby hides the reason (e.g. "another instance … booted the database") in the next exceptions. */
    private static String messages(SQLException e) {
        StringBuilder b = new StringBuilder(e.getMessage());
        for (SQLException n = e.getNextException(); n != null; n = n.getNextException()) {
            b.append("; ").append(n.getMessage());
        }
        Throwable cause = e.getCause();
        if (b.indexOf("nother instance") < 0
                && cause != null
                && cause.getMessage() != null
                && cause.getMessage().contains("nother instance")) {
            b.append("; ").append(cause.getMessage());
        }
        return b.toString();
    }
}
