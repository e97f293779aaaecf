package io.gridhub.store.derby.internal;

import io.gridhub.api.allocation.MemberShare;
import io.gridhub.api.model.AllocationLine;
import io.gridhub.api.model.MeterInterval;
import io.gridhub.api.model.PolicyRef;
import io.gridhub.api.settlement.SettlementException;
import io.gridhub.api.settlement.SettlementLedger;
import io.gridhub.api.settlement.SettlementRun;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The settlement ledger on the store's database (plain portable SQL, so PostgreSQL can take over): one row per
 * run, and its inputs, lines, shares and notes in child tables created by the store's migration
 * {@code V3__settlement_ledger.sql}. Only INSERT and SELECT: a correction is a new version, never an UPDATE or a
 * DELETE. {@link StoreComponent} registers it as the hub's {@link SettlementLedger} service; the CLI opens it
 * through {@link LedgerDatabase}.
 */
public final class JdbcSettlementLedger implements SettlementLedger {
    private static final int BATCH = 5000;

    private final DataSource dataSource;
    private final Clock clock;

    /** A ledger on a database whose schema is migrated (see {@link Migrations}). */
    public JdbcSettlementLedger(DataSource dataSource, Clock clock) throws SettlementException {
        this.dataSource = dataSource;
        this.clock = clock;
        try (Connection c = dataSource.getConnection()) {
            if (!tableExists(c.getMetaData(), "settlement_run")) {
                throw new SettlementException("the database has no settlement tables: its schema is not migrated "
                        + "(the store's migration V3__settlement_ledger.sql creates them)");
            }
        } catch (SQLException e) {
            throw new SettlementException("cannot open the settlement ledger: " + e.getMessage(), e);
        }
    }

    private static boolean tableExists(DatabaseMetaData md, String name) throws SQLException {
        // Derby folds unquoted names to upper case, PostgreSQL to lower case.
        for (String n : new String[] {name.toUpperCase(Locale.ROOT), name}) {
            try (ResultSet rs = md.getTables(null, null, n, null)) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Synchronized: appends through this ledger (the hub has one) take their version numbers one after the
     * other; a concurrent append from another process loses on the primary key and writes nothing.
     */
    @Override
    public synchronized SettlementRun append(SettlementRun run) throws SettlementException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            try {
                int version = 1;
                try (PreparedStatement p = c.prepareStatement(
                        "SELECT MAX(version) FROM settlement_run " + "WHERE community_id = ? AND period = ?")) {
                    p.setString(1, run.communityId());
                    p.setString(2, run.period());
                    try (ResultSet rs = p.executeQuery()) {
                        if (rs.next()) {
                            version = rs.getInt(1) + 1;
                        }
                    }
                }
                SettlementRun r = run.recorded(version, clock.instant().truncatedTo(ChronoUnit.MILLIS));
                insert(c, r);
                c.commit();
                return r;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            // A concurrent append of the same period loses on the primary key: nothing was written.
            throw new SettlementException(
                    "cannot append " + run.communityId() + " " + run.period() + ": " + e.getMessage(), e);
        }
    }

    private static void insert(Connection c, SettlementRun r) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO settlement_run VALUES (?,?,?,?,?,?,?,?)")) {
            key(p, r);
            p.setLong(4, r.recordedAt().toEpochMilli());
            p.setString(5, r.method());
            p.setString(6, r.strategy());
            p.setString(7, r.policy().id());
            p.setInt(8, r.policy().version());
            p.executeUpdate();
        }
        rows(c, "INSERT INTO settlement_input VALUES (?,?,?,?,?,?,?,?,?)", r, r.inputs(), (p, m) -> {
            p.setString(5, m.memberId());
            p.setLong(6, m.start().getEpochSecond());
            p.setLong(7, m.length().getSeconds());
            p.setDouble(8, m.consumptionWh());
            p.setDouble(9, m.generationWh());
        });
        rows(c, "INSERT INTO settlement_line VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", r, r.lines(), (p, l) -> {
            p.setString(5, l.memberId());
            p.setLong(6, l.intervalStart().getEpochSecond());
            p.setLong(7, l.interval().getSeconds());
            p.setDouble(8, l.allocatedWh());
            p.setDouble(9, l.valueEur());
            p.setString(10, l.policy().id());
            p.setInt(11, l.policy().version());
            p.setString(12, l.rule().length() > 1000 ? l.rule().substring(0, 1000) : l.rule());
        });
        rows(c, "INSERT INTO settlement_share VALUES (?,?,?,?,?,?,?)", r, r.shares(), (p, s) -> {
            p.setString(5, s.memberId());
            p.setDouble(6, s.valueEur());
            p.setDouble(7, s.standardErrorEur());
        });
        rows(c, "INSERT INTO settlement_note VALUES (?,?,?,?,?)", r, r.notes(), (p, n) -> {
            p.setString(5, n.length() > 2000 ? n.substring(0, 2000) : n);
        });
    }

    /** Binds an item's own columns, from the fifth on. */
    private interface Columns<T> {
        void bind(PreparedStatement p, T item) throws SQLException;
    }

    /** Inserts one row per item: the run's key, the item's position (from 0), then its own columns. */
    private static <T> void rows(Connection c, String insert, SettlementRun r, List<T> items, Columns<T> columns)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement(insert)) {
            int seq = 0;
            for (T item : items) {
                key(p, r);
                p.setInt(4, seq++);
                columns.bind(p, item);
                batch(p, seq);
            }
            p.executeBatch();
        }
    }

    private static void key(PreparedStatement p, SettlementRun r) throws SQLException {
        p.setString(1, r.communityId());
        p.setString(2, r.period());
        p.setInt(3, r.version());
    }

    private static void batch(PreparedStatement p, int seq) throws SQLException {
        p.addBatch();
        if (seq % BATCH == 0) {
            p.executeBatch();
        }
    }

    @Override
    public List<SettlementRun> versions(String communityId, String period) throws SettlementException {
        return read(communityId, period, "");
    }

    /** Reads one version only (the default method would read them all). */
    @Override
    public Optional<SettlementRun> version(String communityId, String period, int version) throws SettlementException {
        return read(communityId, period, " AND version = " + version).stream().findFirst();
    }

    @Override
    public Optional<SettlementRun> latest(String communityId, String period) throws SettlementException {
        return read(
                        communityId,
                        period,
                        " AND version = (SELECT MAX(version) FROM settlement_run "
                                + "WHERE community_id = ? AND period = ?)")
                .stream()
                .findFirst();
    }

    /** The runs of a period, oldest first, restricted by {@code where} (SQL with no or two more parameters). */
    private List<SettlementRun> read(String communityId, String period, String where) throws SettlementException {
        try (Connection c = dataSource.getConnection()) {
            List<SettlementRun> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT version, recorded_at_ms, method, strategy, "
                    + "policy_id, policy_version FROM settlement_run WHERE community_id = ? AND period = ?"
                    + where + " ORDER BY version")) {
                p.setString(1, communityId);
                p.setString(2, period);
                if (where.contains("?")) {
                    p.setString(3, communityId);
                    p.setString(4, period);
                }
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        int v = rs.getInt(1);
                        out.add(new SettlementRun(
                                communityId,
                                period,
                                v,
                                Instant.ofEpochMilli(rs.getLong(2)),
                                rs.getString(3),
                                rs.getString(4),
                                new PolicyRef(rs.getString(5), rs.getInt(6)),
                                inputs(c, communityId, period, v),
                                lines(c, communityId, period, v),
                                shares(c, communityId, period, v),
                                notes(c, communityId, period, v)));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new SettlementException("cannot read " + communityId + " " + period + ": " + e.getMessage(), e);
        }
    }

    /** Reads an item from the current row. */
    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** The items of one run version from a child table ({@code sql} selects their columns), in their order. */
    private static <T> List<T> items(Connection c, String sql, String community, String period, int v, Row<T> row)
            throws SQLException {
        List<T> out = new ArrayList<>();
        try (PreparedStatement p =
                c.prepareStatement(sql + " WHERE community_id = ? AND period = ? AND version = ? ORDER BY seq")) {
            p.setString(1, community);
            p.setString(2, period);
            p.setInt(3, v);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
        }
        return out;
    }

    private static List<MeterInterval> inputs(Connection c, String community, String period, int v)
            throws SQLException {
        String sql = "SELECT member_id, start_s, length_s, consumption_wh, generation_wh FROM settlement_input";
        return items(
                c,
                sql,
                community,
                period,
                v,
                rs -> new MeterInterval(
                        Instant.ofEpochSecond(rs.getLong(2)),
                        Duration.ofSeconds(rs.getLong(3)),
                        rs.getString(1),
                        rs.getDouble(4),
                        rs.getDouble(5)));
    }

    private static List<AllocationLine> lines(Connection c, String community, String period, int v)
            throws SQLException {
        String sql = "SELECT member_id, start_s, length_s, allocated_wh, value_eur, policy_id, policy_version, rule "
                + "FROM settlement_line";
        return items(
                c,
                sql,
                community,
                period,
                v,
                rs -> new AllocationLine(
                        Instant.ofEpochSecond(rs.getLong(2)),
                        Duration.ofSeconds(rs.getLong(3)),
                        rs.getString(1),
                        rs.getDouble(4),
                        rs.getDouble(5),
                        new PolicyRef(rs.getString(6), rs.getInt(7)),
                        rs.getString(8)));
    }

    private static List<MemberShare> shares(Connection c, String community, String period, int v) throws SQLException {
        String sql = "SELECT member_id, value_eur, std_error_eur FROM settlement_share";
        return items(
                c, sql, community, period, v, rs -> new MemberShare(rs.getString(1), rs.getDouble(2), rs.getDouble(3)));
    }

    private static List<String> notes(Connection c, String community, String period, int v) throws SQLException {
        return items(c, "SELECT note FROM settlement_note", community, period, v, rs -> rs.getString(1));
    }

    @Override
    public List<String> periods(String communityId) throws SettlementException {
        return strings(
                "SELECT DISTINCT period FROM settlement_run WHERE community_id = ? ORDER BY period", communityId);
    }

    @Override
    public List<String> communities() throws SettlementException {
        return strings("SELECT DISTINCT community_id FROM settlement_run ORDER BY community_id", null);
    }

    private List<String> strings(String sql, String arg) throws SettlementException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement(sql)) {
            if (arg != null) {
                p.setString(1, arg);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new SettlementException("cannot read the ledger: " + e.getMessage(), e);
        }
    }
}
