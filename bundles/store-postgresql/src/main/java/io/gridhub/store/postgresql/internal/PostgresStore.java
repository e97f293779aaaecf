package io.gridhub.store.postgresql.internal;

import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import io.gridhub.api.store.Bucket;
import io.gridhub.api.store.BucketsAndGaps;
import io.gridhub.api.store.GapRuns;
import io.gridhub.api.store.QualityGap;
import io.gridhub.api.store.StoreException;
import io.gridhub.store.derby.internal.JournaledWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time-series store on PostgreSQL: one row per sample in {@code ts_sample}, keyed by point and source time.
 * Writing is idempotent: a sample whose (point, source time) is stored already is skipped ({@code ON CONFLICT DO
 * NOTHING}), so a batch delivered twice (Kafka's at-least-once, a replay, the bus after {@code appendAndPublish})
 * stores nothing twice; the first write of a (point, source time) stays. Each batch is one transaction on a
 * connection of the pool, so an append returns after its commit and appends of several threads or hubs run side
 * by side. Where TimescaleDB is present, the table is a compressed hypertable ({@link Timescale}).
 */
public final class PostgresStore implements JournaledWriter.Target, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresStore.class);
    private static final int FETCH = 10_000;
    private static final String COLUMNS = "source_ns, received_ns, value, status, reason, detail";
    /** The period's samples of a point, each with the status of the one before it (parameters: point, from, to). */
    private static final String CHANGES = "SELECT source_ns, value, status, reason, detail, LAG(status) OVER "
            + "(ORDER BY source_ns) AS prev FROM ts_sample WHERE point_id = ? AND source_ns >= ? AND source_ns < ?";
    /** A sample of {@link #CHANGES} that is GOOD after one that is not, or not GOOD after a GOOD one or none. */
    private static final String CHANGE = "(status <> 0) <> (COALESCE(prev, 0) <> 0)";

    private static final String INSERT = "INSERT INTO ts_sample (point_id, " + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (point_id, source_ns) DO NOTHING";

    private final DataSource dataSource;
    private final boolean hypertables;
    private final Map<PointId, Integer> pointIds = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * Opens the store on a data source whose connections use {@code schema}: migrates the schema first (Flyway),
     * then makes the samples' table a hypertable where TimescaleDB is present and {@code timescale} allows it.
     */
    public PostgresStore(DataSource dataSource, String schema, Timescale.Mode timescale, Duration compressAfter)
            throws StoreException {
        this.dataSource = dataSource;
        Migrations.migrate(dataSource, schema);
        try (Connection c = dataSource.getConnection()) {
            Timescale.Choice choice = Timescale.choose(timescale, Timescale.probe(c));
            LOG.info("time-series store in schema {}: {}", schema, choice.why());
            if (choice.hypertables()) {
                Timescale.apply(c, schema, compressAfter);
            }
            hypertables = choice.hypertables();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT point_id, name FROM ts_point")) {
                while (rs.next()) {
                    pointIds.put(PointId.of(rs.getString(2)), rs.getInt(1));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot open the time-series store: " + e.getMessage(), e);
        }
    }

    /** Whether the samples' table is a TimescaleDB hypertable. */
    public boolean hypertables() {
        return hypertables;
    }

    // ---------------------------------------------------------------- writing

    @Override
    public void append(List<Sample> samples) throws StoreException {
        if (samples.isEmpty()) {
            return;
        }
        checkOpen();
        try (Connection c = dataSource.getConnection()) {
            Map<PointId, Integer> ids = ids(c, samples);
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (Sample s : samples) {
                    ps.setInt(1, ids.get(s.point()));
                    ps.setLong(2, nanos(s.sourceTime()));
                    ps.setLong(3, nanos(s.receivedTime()));
                    ps.setDouble(4, s.value());
                    ps.setShort(5, Qualities.status(s.quality()));
                    ps.setShort(6, Qualities.reason(s.quality()));
                    ps.setString(
                            7,
                            s.quality().detail().isEmpty() ? null : s.quality().detail());
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException | ArithmeticException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException | ArithmeticException e) {
            throw new StoreException("append of " + samples.size() + " samples failed: " + e.getMessage(), e);
        }
    }

    /**
     * The numbers of the batch's points, creating the new ones in transactions of their own (a point without
     * samples is harmless; another hub may create the same point at the same time, and one of them wins).
     */
    private Map<PointId, Integer> ids(Connection c, List<Sample> samples) throws SQLException {
        Set<PointId> missing = new LinkedHashSet<>();
        for (Sample s : samples) {
            if (!pointIds.containsKey(s.point())) {
                missing.add(s.point());
            }
        }
        if (!missing.isEmpty()) {
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO ts_point (name) VALUES (?) ON CONFLICT (name) DO NOTHING")) {
                for (PointId p : missing) {
                    insert.setString(1, p.value());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            for (PointId p : missing) {
                pointIds.put(p, find(c, p).orElseThrow(() -> new SQLException("point " + p + " was not created")));
            }
        }
        return pointIds;
    }

    private static Optional<Integer> find(Connection c, PointId point) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT point_id FROM ts_point WHERE name = ?")) {
            ps.setString(1, point.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
            }
        }
    }

    /** The point's number, when it has one (another hub may have created it since this store opened). */
    private Optional<Integer> known(Connection c, PointId point) throws SQLException {
        Integer id = pointIds.get(point);
        if (id != null) {
            return Optional.of(id);
        }
        Optional<Integer> found = find(c, point);
        found.ifPresent(i -> pointIds.put(point, i));
        return found;
    }

    /** Deletes the samples measured before {@code cutoff} (whole chunks with TimescaleDB); returns rows or chunks. */
    public long deleteBefore(Instant cutoff) throws StoreException {
        checkOpen();
        String sql = hypertables
                ? "SELECT COUNT(*) FROM drop_chunks('ts_sample', older_than => ?::BIGINT)"
                : "DELETE FROM ts_sample WHERE source_ns < ?";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, nanos(cutoff));
            if (hypertables) {
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0;
                }
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("retention delete before " + cutoff + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public long erase(PointId point) throws StoreException {
        checkOpen();
        try (Connection c = dataSource.getConnection()) {
            Optional<Integer> id = known(c, point);
            if (id.isEmpty()) {
                return 0;
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM ts_sample WHERE point_id = ?")) {
                ps.setInt(1, id.get());
                return ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new StoreException("erasing " + point + " failed: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- reading

    @Override
    public List<Sample> range(PointId point, Instant from, Instant to) throws StoreException {
        return select(point, from, to, -1);
    }

    @Override
    public List<Sample> range(PointId point, Instant from, Instant to, int limit) throws StoreException {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be ≥ 0, got " + limit);
        }
        return limit == 0 ? new ArrayList<>() : select(point, from, to, limit);
    }

    private List<Sample> select(PointId point, Instant from, Instant to, int limit) throws StoreException {
        checkOpen();
        List<Sample> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            Optional<Integer> id = known(c, point);
            if (id.isEmpty() || !from.isBefore(to)) {
                return out;
            }
            c.setAutoCommit(false); // else the driver fetches the whole result at once
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM ts_sample WHERE point_id = ? "
                    + "AND source_ns >= ? AND source_ns < ? ORDER BY source_ns" + (limit > 0 ? " LIMIT ?" : ""))) {
                ps.setFetchSize(FETCH);
                ps.setInt(1, id.get());
                ps.setLong(2, nanos(from));
                ps.setLong(3, nanos(to));
                if (limit > 0) {
                    ps.setInt(4, limit);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(sample(point, rs));
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
            return out;
        } catch (SQLException | ArithmeticException e) {
            throw new StoreException("query of " + point + " failed: " + e.getMessage(), e);
        }
    }

    private static Sample sample(PointId point, ResultSet rs) throws SQLException {
        Instant source = instant(rs.getLong(1));
        long received = rs.getLong(2);
        Quality q = Qualities.of(rs.getShort(4), rs.getShort(5), rs.getString(6));
        return new Sample(point, rs.getDouble(3), q, source, received == rs.getLong(1) ? source : instant(received));
    }

    @Override
    public List<Bucket> aggregate(PointId point, Instant from, Instant to, Duration step) throws StoreException {
        if (step.isZero() || step.isNegative()) {
            throw new IllegalArgumentException("step must be positive, got " + step);
        }
        checkOpen();
        List<Bucket> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            Optional<Integer> id = known(c, point);
            if (id.isEmpty() || !from.isBefore(to)) {
                return out;
            }
            long f = nanos(from);
            long stepNanos = step.toNanos();
            try (PreparedStatement ps = c.prepareStatement("SELECT (source_ns - ?) / ? AS k, COUNT(*), MIN(value), "
                    + "MAX(value), AVG(value), (ARRAY_AGG(value ORDER BY source_ns DESC))[1] FROM ts_sample "
                    + "WHERE point_id = ? AND source_ns >= ? AND source_ns < ? AND status = 0 GROUP BY k ORDER BY k")) {
                ps.setLong(1, f);
                ps.setLong(2, stepNanos);
                ps.setInt(3, id.get());
                ps.setLong(4, f);
                ps.setLong(5, nanos(to));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(bucket(rs, 1, f, stepNanos));
                    }
                }
            }
            return out;
        } catch (SQLException | ArithmeticException e) {
            throw new StoreException("aggregate of " + point + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The gaps from one query that returns only where the samples turn from GOOD to not GOOD and back (the database
     * reads the period's rows, the hub only those).
     */
    @Override
    public List<QualityGap> gaps(PointId point, Instant from, Instant to) throws StoreException {
        checkOpen();
        try (Connection c = dataSource.getConnection()) {
            Optional<Integer> id = known(c, point);
            if (id.isEmpty() || !from.isBefore(to)) {
                return List.of();
            }
            try (PreparedStatement ps = c.prepareStatement("WITH s AS (" + CHANGES + ") SELECT source_ns, status, "
                    + "reason, detail FROM s WHERE " + CHANGE + " ORDER BY source_ns")) {
                ps.setInt(1, id.get());
                ps.setLong(2, nanos(from));
                ps.setLong(3, nanos(to));
                GapRuns runs = new GapRuns(point);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        runs.next(
                                instant(rs.getLong(1)), Qualities.of(rs.getShort(2), rs.getShort(3), rs.getString(4)));
                    }
                }
                return runs.gaps(to);
            }
        } catch (SQLException | ArithmeticException e) {
            throw new StoreException("gaps of " + point + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Both from one query that reads the period's rows once (a common table expression used twice is materialized):
     * the buckets of its good samples, then where the samples turn from GOOD to not GOOD and back.
     */
    @Override
    public BucketsAndGaps bucketsAndGaps(PointId point, Instant from, Instant to, Duration step) throws StoreException {
        if (step.isZero() || step.isNegative()) {
            throw new IllegalArgumentException("step must be positive, got " + step);
        }
        checkOpen();
        try (Connection c = dataSource.getConnection()) {
            Optional<Integer> id = known(c, point);
            if (id.isEmpty() || !from.isBefore(to)) {
                return new BucketsAndGaps(List.of(), List.of());
            }
            long f = nanos(from);
            long stepNanos = step.toNanos();
            try (PreparedStatement ps = c.prepareStatement("WITH s AS (" + CHANGES + ") "
                    + "SELECT 0 AS kind, (source_ns - ?) / ? AS k, COUNT(*), MIN(value), MAX(value), AVG(value), "
                    + "(ARRAY_AGG(value ORDER BY source_ns DESC))[1], CAST(NULL AS SMALLINT), "
                    + "CAST(NULL AS SMALLINT), CAST(NULL AS VARCHAR) FROM s WHERE status = 0 GROUP BY k "
                    + "UNION ALL SELECT 1, source_ns, 0, NULL, NULL, NULL, NULL, status, reason, detail FROM s "
                    + "WHERE " + CHANGE + " ORDER BY kind, k")) {
                ps.setInt(1, id.get());
                ps.setLong(2, f);
                ps.setLong(3, nanos(to));
                ps.setLong(4, f);
                ps.setLong(5, stepNanos);
                List<Bucket> buckets = new ArrayList<>();
                GapRuns runs = new GapRuns(point);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getInt(1) == 0) {
                            buckets.add(bucket(rs, 2, f, stepNanos));
                        } else {
                            runs.next(
                                    instant(rs.getLong(2)),
                                    Qualities.of(rs.getShort(8), rs.getShort(9), rs.getString(10)));
                        }
                    }
                }
                return new BucketsAndGaps(buckets, runs.gaps(to));
            }
        } catch (SQLException | ArithmeticException e) {
            throw new StoreException("buckets and gaps of " + point + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The bucket in the row's columns from {@code col}: its index from {@code f} in steps, then count, minimum,
     * maximum, average and last value (as the aggregate queries select them).
     */
    private static Bucket bucket(ResultSet rs, int col, long f, long stepNanos) throws SQLException {
        return new Bucket(
                instant(f + rs.getLong(col) * stepNanos),
                rs.getLong(col + 1),
                rs.getDouble(col + 2),
                rs.getDouble(col + 3),
                rs.getDouble(col + 4),
                rs.getDouble(col + 5));
    }

    @Override
    public Optional<Sample> latest(PointId point) throws StoreException {
        checkOpen();
        try (Connection c = dataSource.getConnection()) {
            Optional<Integer> id = known(c, point);
            if (id.isEmpty()) {
                return Optional.empty();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM ts_sample WHERE point_id = ? ORDER BY source_ns DESC LIMIT 1")) {
                ps.setInt(1, id.get());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(sample(point, rs)) : Optional.empty();
                }
            }
        } catch (SQLException e) {
            throw new StoreException("latest of " + point + " failed: " + e.getMessage(), e);
        }
    }

    /** Epoch nanoseconds; {@link ArithmeticException} outside about 1678 to 2262. */
    static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    private void checkOpen() throws StoreException {
        if (closed) {
            throw new StoreException("the store is closed");
        }
    }

    /** Refuses further calls; the data source (the pool) belongs to the caller. */
    @Override
    public void close() {
        closed = true;
    }
}
