package io.gridhub.store.postgresql.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The kept connection pool (HikariCP) on the driver's own data source: no driver look-up by class name, which
 * inside OSGi would search the wrong class loader. Every connection works in one schema ({@code currentSchema}),
 * so the store's SQL names its tables without one, and batched inserts are rewritten into multi-row statements.
 */
final class Databases {
    private Databases() {}

    static HikariDataSource pool(String url, String user, String password, String schema, int size) {
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(url);
        if (!user.isBlank()) {
            pg.setUser(user);
        }
        if (!password.isEmpty()) {
            pg.setPassword(password);
        }
        pg.setCurrentSchema(schema);
        pg.setReWriteBatchedInserts(true);
        pg.setApplicationName("gridhub");
        HikariConfig config = new HikariConfig();
        config.setDataSource(pg);
        config.setPoolName("gridhub-store");
        config.setMaximumPoolSize(Math.max(2, size));
        config.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        // The pool is made whether or not the server answers yet; the store's opening retries.
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }
}
