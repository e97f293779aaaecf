package io.gridhub.store.postgresql.internal;

import com.zaxxer.hikari.HikariDataSource;
import io.gridhub.api.store.TimeSeriesStore;
import io.gridhub.testkit.TimeSeriesStoreContract;
import java.time.Duration;

/** The store contract of every {@link TimeSeriesStore} (bundles/testkit), on a real PostgreSQL. */
class PostgresStoreContractTest extends TimeSeriesStoreContract {
    private TestDatabase db;
    private HikariDataSource reopened;

    @Override
    protected TimeSeriesStore open() throws Exception {
        db = TestDatabase.create();
        return new PostgresStore(db.pool, TestDatabase.SCHEMA, Timescale.Mode.AUTO, Duration.ofDays(7));
    }

    @Override
    protected TimeSeriesStore reopen(TimeSeriesStore store) throws Exception {
        ((PostgresStore) store).close();
        reopened = db.anotherPool(); // a new pool: nothing is remembered from the first opening
        return new PostgresStore(reopened, TestDatabase.SCHEMA, Timescale.Mode.AUTO, Duration.ofDays(7));
    }

    @Override
    protected void close(TimeSeriesStore store) {
        if (store != null) {
            ((PostgresStore) store).close();
        }
        if (reopened != null) {
            reopened.close();
        }
        if (db != null) {
            db.close();
        }
    }
}
