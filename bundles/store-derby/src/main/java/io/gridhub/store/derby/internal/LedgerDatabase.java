package io.gridhub.store.derby.internal;

import io.gridhub.api.settlement.SettlementException;
import io.gridhub.api.settlement.SettlementLedger;
import io.gridhub.api.store.StoreException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import org.apache.derby.jdbc.EmbeddedDataSource;

/**
 * A store database opened outside the hub, for its settlement ledger: {@code ./gridhub allocate --ledger DIR}
 * and tests. Same schema and migrations as the hub's store, so a ledger folder written by the CLI can be read
 * by the hub and the other way round. Closing shuts the database down cleanly.
 */
public final class LedgerDatabase implements AutoCloseable {
    private final EmbeddedDataSource dataSource;
    private final JdbcSettlementLedger ledger;

    private LedgerDatabase(EmbeddedDataSource dataSource, JdbcSettlementLedger ledger) {
        this.dataSource = dataSource;
        this.ledger = ledger;
    }

    /** Opens (creating and migrating) the Derby database in {@code dir}. */
    public static LedgerDatabase open(Path dir, Clock clock) throws SettlementException {
        return open(dir.toAbsolutePath().toString(), clock);
    }

    /** Opens (creating and migrating) a Derby database by name: a folder, or {@code memory:NAME} for tests. */
    public static LedgerDatabase open(String databaseName, Clock clock) throws SettlementException {
        String dir = databaseName;
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(databaseName);
        ds.setCreateDatabase("create");
        try {
            Migrations.migrate(ds);
            return new LedgerDatabase(ds, new JdbcSettlementLedger(ds, clock));
        } catch (StoreException | SettlementException | RuntimeException e) {
            shutdown(ds);
            throw e instanceof SettlementException s
                    ? s
                    : new SettlementException("cannot open the ledger database " + dir + ": " + e.getMessage(), e);
        }
    }

    public SettlementLedger ledger() {
        return ledger;
    }

    @Override
    public void close() {
        shutdown(dataSource);
    }

    static void shutdown(EmbeddedDataSource ds) {
        // Derby confirms a clean shutdown with an exception (SQLState 08006).
        ds.setShutdownDatabase("shutdown");
        try {
            ds.getConnection().close();
        } catch (SQLException expected) {
            // shut down
        }
    }
}
