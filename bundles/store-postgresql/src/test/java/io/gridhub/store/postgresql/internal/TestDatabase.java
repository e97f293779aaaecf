package io.gridhub.store.postgresql.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.gridhub.testkit.PostgresServer;
import java.io.IOException;
import java.util.Optional;

/** A fresh database on the module run's PostgreSQL server (bundles/testkit) and a pool on it, in one schema. */
final class TestDatabase implements AutoCloseable {
    static final String SCHEMA = "gridhub";

    final PostgresServer server;
    final String name;
    final HikariDataSource pool;

    private TestDatabase(PostgresServer server, String name) {
        this.server = server;
        this.name = name;
        this.pool = Databases.pool(server.url(name), PostgresServer.USER, "", SCHEMA, 4);
    }

    /** Skips the test where PostgreSQL is not installed (outside CI; in CI it fails). */
    static TestDatabase create() throws IOException {
        Optional<PostgresServer> server = PostgresServer.shared();
        assumeTrue(server.isPresent(), "PostgreSQL is not installed");
        return new TestDatabase(server.get(), server.get().createDatabase());
    }

    /** A second pool on the same database (another hub, or the same hub after a restart). */
    HikariDataSource anotherPool() {
        return Databases.pool(server.url(name), PostgresServer.USER, "", SCHEMA, 4);
    }

    /** Runs SQL as the superuser, beside the store (to inspect or to spoil what it wrote). */
    String psql(String sql) throws IOException {
        return server.psql(name, "SET search_path TO " + SCHEMA + "; " + sql);
    }

    @Override
    public void close() {
        pool.close();
    }
}
