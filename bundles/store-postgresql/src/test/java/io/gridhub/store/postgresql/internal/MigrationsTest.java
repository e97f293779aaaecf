package io.gridhub.store.postgresql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The schema's migrations on a real PostgreSQL, and the choice between plain tables and TimescaleDB. */
class MigrationsTest {
    @Test
    void anEmptyDatabaseIsMigratedToTheNewestSchemaOnceAndForAll() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            assertThat(Migrations.migrate(db.pool, TestDatabase.SCHEMA)).isEqualTo("4");
            assertThat(db.psql("SELECT string_agg(version || ':' || success, ',' ORDER BY installed_rank) FROM "
                            + Migrations.HISTORY))
                    .isEqualTo("1:true,3:true,4:true");
            assertThat(db.psql("SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables "
                            + "WHERE table_schema = '" + TestDatabase.SCHEMA + "' AND table_name NOT LIKE 'gridhub%'"))
                    .isEqualTo("audit_trail,settlement_input,settlement_line,settlement_note,settlement_run,"
                            + "settlement_share,ts_point,ts_sample");
            // A second start finds nothing to do; a store opens on the migrated schema.
            String history = db.psql("SELECT COUNT(*) FROM " + Migrations.HISTORY);
            assertThat(Migrations.migrate(db.pool, TestDatabase.SCHEMA)).isEqualTo("4");
            assertThat(db.psql("SELECT COUNT(*) FROM " + Migrations.HISTORY)).isEqualTo(history);
            new PostgresStore(db.pool, TestDatabase.SCHEMA, Timescale.Mode.AUTO, Duration.ofDays(7)).close();
        }
    }

    @Test
    void twoSchemasInOneDatabaseAreTwoStores() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            Migrations.migrate(db.pool, TestDatabase.SCHEMA);
            try (var other = Databases.pool(db.server.url(db.name), "gridhub", "", "hub2", 2)) {
                Migrations.migrate(other, "hub2");
            }
            assertThat(db.psql("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'ts_sample'"))
                    .isEqualTo("2");
        }
    }

    @Test
    void withoutTimescaleDbTheStoreKeepsPlainTables() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            PostgresStore store =
                    new PostgresStore(db.pool, TestDatabase.SCHEMA, Timescale.Mode.AUTO, Duration.ofDays(7));
            boolean available = !db.psql("SELECT name FROM pg_available_extensions WHERE name = 'timescaledb'")
                    .isEmpty();
            // Debian's postgresql has no TimescaleDB: the plain branch; where a server has it, the hypertable one.
            assertThat(store.hypertables()).isEqualTo(available && preloaded(db));
            assertThat(db.psql("SELECT relkind FROM pg_class WHERE relname = 'ts_sample'"))
                    .isEqualTo("r");
            store.close();
        }
    }

    private static boolean preloaded(TestDatabase db) throws Exception {
        return db.psql("SHOW shared_preload_libraries").contains("timescaledb");
    }

    @Test
    void timescaleDbIsUsedOnlyWhereTheServerCanCreateIt() {
        Timescale.Server none = new Timescale.Server(false, false, false);
        Timescale.Server notPreloaded = new Timescale.Server(true, false, false);
        Timescale.Server ready = new Timescale.Server(true, false, true);
        Timescale.Server installed = new Timescale.Server(true, true, true);
        assertThat(Timescale.choose(Timescale.Mode.AUTO, none).hypertables()).isFalse();
        assertThat(Timescale.choose(Timescale.Mode.AUTO, notPreloaded).hypertables())
                .isFalse();
        assertThat(Timescale.choose(Timescale.Mode.AUTO, notPreloaded).why()).contains("shared_preload_libraries");
        assertThat(Timescale.choose(Timescale.Mode.AUTO, ready).hypertables()).isTrue();
        assertThat(Timescale.choose(Timescale.Mode.AUTO, installed).hypertables())
                .isTrue();
        assertThat(Timescale.choose(Timescale.Mode.OFF, installed).hypertables())
                .isFalse();
    }
}
