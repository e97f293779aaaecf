package io.gridhub.store.postgresql.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TimescaleDB where the server has it: {@code ts_sample} becomes a hypertable (chunks of a day of source time),
 * compressed per point after {@code compressAfter}. Without the extension the store keeps the plain table, which
 * works the same, only larger and with slower retention. The choice ({@link #choose}) is made at every start from
 * {@code pg_available_extensions} and {@code shared_preload_libraries} (TimescaleDB cannot be created without it).
 */
final class Timescale {
    /** What the store does with TimescaleDB. */
    enum Mode {
        /** Use it when the server has it (the default). */
        AUTO,
        /** Never, even when available. */
        OFF
    }

    /** What the server offers. */
    record Server(boolean available, boolean installed, boolean preloaded) {}

    /** The outcome of {@link #choose}: whether to use hypertables, and why (for the log). */
    record Choice(boolean hypertables, String why) {}

    static final long CHUNK_NANOS = Duration.ofDays(1).toNanos();
    private static final Logger LOG = LoggerFactory.getLogger(Timescale.class);

    private Timescale() {}

    /** What the server on {@code c} offers. */
    static Server probe(Connection c) throws SQLException {
        boolean available = false;
        boolean installed = false;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT installed_version FROM pg_available_extensions " + "WHERE name = 'timescaledb'")) {
            if (rs.next()) {
                available = true;
                installed = rs.getString(1) != null;
            }
        }
        boolean preloaded;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW shared_preload_libraries")) {
            preloaded = rs.next() && rs.getString(1).toLowerCase(Locale.ROOT).contains("timescaledb");
        }
        return new Server(available, installed, preloaded);
    }

    static Choice choose(Mode mode, Server server) {
        if (mode == Mode.OFF) {
            return new Choice(false, "TimescaleDB is switched off (timescale=off): plain tables");
        }
        if (!server.available()) {
            return new Choice(false, "the server has no TimescaleDB extension: plain tables");
        }
        if (!server.installed() && !server.preloaded()) {
            return new Choice(
                    false,
                    "TimescaleDB is available but not in shared_preload_libraries, so it cannot be created: "
                            + "plain tables");
        }
        return new Choice(true, "TimescaleDB: ts_sample is a hypertable, compressed per point");
    }

    /** Whether {@code ts_sample} in the connection's current schema is a hypertable already. */
    static boolean isHypertable(Connection c, String schema) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM timescaledb_information.hypertables "
                + "WHERE hypertable_schema = ? AND hypertable_name = 'ts_sample'")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Makes {@code ts_sample} a hypertable with compression (idempotent: every start runs it). The time column is
     * epoch nanoseconds, so TimescaleDB is told the current time in that unit ({@code gridhub_now_ns}).
     */
    static void apply(Connection c, String schema, Duration compressAfter) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS timescaledb");
            if (!isHypertable(c, schema)) {
                st.execute("SELECT create_hypertable('ts_sample', 'source_ns', chunk_time_interval => " + CHUNK_NANOS
                        + "::BIGINT, migrate_data => TRUE)");
                st.execute("CREATE OR REPLACE FUNCTION gridhub_now_ns() RETURNS BIGINT LANGUAGE SQL STABLE AS "
                        + "$$ SELECT (EXTRACT(EPOCH FROM now()) * 1000000000)::BIGINT $$");
                st.execute("SELECT set_integer_now_func('ts_sample', 'gridhub_now_ns')");
                st.execute("ALTER TABLE ts_sample SET (timescaledb.compress, timescaledb.compress_segmentby = "
                        + "'point_id', timescaledb.compress_orderby = 'source_ns')");
                st.execute("SELECT add_compression_policy('ts_sample', compress_after => " + compressAfter.toNanos()
                        + "::BIGINT, if_not_exists => TRUE)");
                LOG.info("ts_sample is now a hypertable, compressed after {}", compressAfter);
            }
        }
    }
}
