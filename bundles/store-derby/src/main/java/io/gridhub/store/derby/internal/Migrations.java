package io.gridhub.store.derby.internal;

import io.gridhub.api.store.StoreException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schema migrations with Flyway: the versioned SQL scripts in {@code db/migration} of this bundle. Flyway is given
 * this bundle's class loader, so that it finds its plugins (the merged service file) and the scripts both in a
 * plain class path and inside OSGi, where it scans the bundle through the framework.
 */
final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {}

    static void migrate(DataSource dataSource) throws StoreException {
        migrate(dataSource, "latest");
    }

    /** Migrates up to a version: a test builds the database an older hub left behind. */
    static void migrate(DataSource dataSource, String target) throws StoreException {
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        ClassLoader own = Migrations.class.getClassLoader();
        // Some of Flyway's look-ups use the context class loader; in a DS activation it is not this bundle's.
        current.setContextClassLoader(own);
        try {
            MigrateResult result = Flyway.configure(own)
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .table("gridhub_schema_history")
                    .failOnMissingLocations(true)
                    .target(target)
                    .load()
                    .migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info(
                        "store schema migrated from {} to {} ({} migrations)",
                        result.initialSchemaVersion == null ? "empty" : result.initialSchemaVersion,
                        result.targetSchemaVersion,
                        result.migrationsExecuted);
            }
        } catch (FlywayException e) {
            throw new StoreException("schema migration of the store database failed: " + e.getMessage(), e);
        } finally {
            current.setContextClassLoader(previous);
        }
    }
}
