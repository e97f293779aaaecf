package io.gridhub.store.postgresql.internal;

import io.gridhub.api.store.StoreException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schema migrations with Flyway, applied to one schema (created when missing): this store's own script
 * {@code db/postgresql/V1__time_series.sql}, and the settlement ledger's and audit trail's
 * {@code db/migration/V3__settlement_ledger.sql} and {@code V4__audit_trail.sql}, the Derby store's portable scripts
 * taken from its jar at build time (pom.xml), so that both stores have the same tables from one source. Flyway is
 * given this bundle's class loader, so that it finds its plugins (the merged service file) and the scripts both in a
 * plain class path and inside OSGi, where Flyway and the scripts are embedded in this bundle.
 */
final class Migrations {
    /** This store's own scripts (V1), and the ledger's and audit trail's taken from the Derby store (V3, V4). */
    static final String[] LOCATIONS = {"classpath:db/postgresql", "classpath:db/migration"};

    static final String HISTORY = "gridhub_schema_history";

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {}

    /** Migrates {@code schema} to the newest version; returns the version it is at. */
    static String migrate(DataSource dataSource, String schema) throws StoreException {
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        ClassLoader own = Migrations.class.getClassLoader();
        // Some of Flyway's look-ups use the context class loader; in a DS activation it is not this bundle's.
        current.setContextClassLoader(own);
        try {
            MigrateResult result = Flyway.configure(own)
                    .dataSource(dataSource)
                    .schemas(schema)
                    .createSchemas(true)
                    .locations(LOCATIONS)
                    .table(HISTORY)
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info(
                        "store schema {} migrated from {} to {} ({} migrations)",
                        schema,
                        result.initialSchemaVersion == null ? "empty" : result.initialSchemaVersion,
                        result.targetSchemaVersion,
                        result.migrationsExecuted);
            }
            return result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        } catch (FlywayException e) {
            throw new StoreException("schema migration of the store database failed: " + e.getMessage(), e);
        } finally {
            current.setContextClassLoader(previous);
        }
    }
}
