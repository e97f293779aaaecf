package io.gridhub.store.derby.internal;

import io.gridhub.api.store.TimeSeriesStore;
import io.gridhub.testkit.TimeSeriesStoreContract;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.io.TempDir;

/** The store contract of every {@link TimeSeriesStore} (bundles/testkit), on a real embedded Derby. */
class DerbyStoreContractTest extends TimeSeriesStoreContract {
    private final Clock clock = Clock.fixed(T0.plus(Duration.ofDays(1)), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private EmbeddedDataSource ds;

    @Override
    protected TimeSeriesStore open() throws Exception {
        ds = DerbyStoreTest.dataSource(dir.resolve("db"));
        return new DerbyStore(ds, clock);
    }

    @Override
    protected TimeSeriesStore reopen(TimeSeriesStore store) throws Exception {
        close(store);
        return open();
    }

    @Override
    protected void close(TimeSeriesStore store) {
        ((DerbyStore) store).close();
        DerbyStoreTest.shutdown(ds);
    }
}
