package io.gridhub.store.derby.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import io.gridhub.api.store.Bucket;
import io.gridhub.testkit.SteppingClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's windows as wide as a point's cadence calls for (see {@link Windows}), through the store. */
class DerbyStoreWindowsTest {
    private static final PointId METER = PointId.of("t.meter.energy");
    private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
    private static final Duration HALF_HOUR = Duration.ofMinutes(30);
    private static final long WEEK = Duration.ofDays(7).toNanos();
    private static final long HOUR = Duration.ofHours(1).toNanos();

    @TempDir
    Path dir;

    private EmbeddedDataSource ds;
    private DerbyStore store;
    private final SteppingClock clock = SteppingClock.at(T0);

    @BeforeEach
    void open() {
        ds = DerbyStoreTest.dataSource(dir.resolve("db"));
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
        DerbyStoreTest.shutdown(ds);
    }

    /** Half-hourly kWh with three decimals, as interval meters send them. */
    private static List<Sample> meter(Instant start, int n, long seed) {
        Random r = new Random(seed);
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double kwh =
                    Math.round(Math.max(0, 0.4 + 0.3 * Math.sin(i / 7.6) + r.nextGaussian() * 0.15) * 1000) / 1000.0;
            out.add(Sample.good(METER, kwh, start.plus(HALF_HOUR.multipliedBy(i))));
        }
        return out;
    }

    @Test
    void aMeterFedLiveMovesToWeekWindowsAndEveryAcknowledgedSampleIsDurableWhileItsWindowIsOpen() throws Exception {
        store = new DerbyStore(ds, clock);
        List<Sample> all = meter(T0, 4 * 7 * 48, 1);
        int reopenAt = 2 * 7 * 48 + 5;
        for (int i = 0; i < all.size(); i++) {
            if (i == reopenAt) {
                // A restart with the week window open and its samples in small blocks, none merged: all there.
                store.close();
                DerbyStoreTest.shutdown(ds);
                ds = DerbyStoreTest.dataSource(dir.resolve("db"));
                store = new DerbyStore(ds, clock);
                assertThat(store.range(METER, T0, end(all))).isEqualTo(all.subList(0, i));
            }
            clock.advance(HALF_HOUR);
            store.append(List.of(all.get(i)));
        }
        long since = since(METER);
        // Nine samples showed the cadence; the week window holding them takes their hour blocks in.
        assertThat(since % WEEK).isZero();
        assertThat(since).isLessThanOrEqualTo(BlockCodec.nanos(T0)).isGreaterThan(BlockCodec.nanos(T0) - WEEK);
        assertThat(store.range(METER, T0, end(all))).isEqualTo(all);
        clock.advance(Duration.ofDays(30));
        store.compact(1000);
        assertThat(store.range(METER, T0, end(all))).isEqualTo(all);
        assertThat(store.latest(METER)).contains(all.get(all.size() - 1));
        List<Bucket> days = store.aggregate(METER, T0, end(all), Duration.ofDays(1));
        assertThat(days).hasSize(28).allSatisfy(b -> assertThat(b.count()).isEqualTo(48));
        // After merging: one block per week (28 days from a Monday touch five weeks, which start on Thursdays).
        double[] weeks = bytesPerValue(METER, Long.MIN_VALUE, Long.MAX_VALUE);
        assertThat(weeks[1]).isEqualTo(5);
        assertThat(weeks[0]).isLessThan(2.0);
    }

    @Test
    void aHistoricalImportIsStoredInWideWindowsFromItsFirstSample() throws Exception {
        clock.advance(Duration.ofDays(200));
        store = new DerbyStore(ds, clock);
        List<Sample> all = meter(T0, 8 * 7 * 48, 2);
        for (int i = 0; i < all.size(); i += 48) {
            store.append(all.subList(i, i + 48)); // a day of a meter data file per batch
        }
        assertThat(since(METER)).isEqualTo(Long.MIN_VALUE);
        store.compact(1000);
        assertThat(store.blockCount()).isBetween(8L, 9L);
        assertThat(bytesPerValue(METER, Long.MIN_VALUE, Long.MAX_VALUE)[0]).isLessThan(2.0);
        assertThat(store.range(METER, T0, end(all))).isEqualTo(all);
        Instant from = all.get(100).sourceTime();
        assertThat(store.range(METER, from, all.get(2000).sourceTime())).isEqualTo(all.subList(100, 2000));
        assertThat(store.range(METER, from, end(all), 10)).isEqualTo(all.subList(100, 110));
    }

    @Test
    void retentionKeepsEverySampleAtOrAfterTheCutoffInWideWindows() throws Exception {
        clock.advance(Duration.ofDays(200));
        store = new DerbyStore(ds, clock);
        List<Sample> all = meter(T0, 3 * 7 * 48, 3);
        store.append(all);
        store.compact(1000);
        Instant cutoff = T0.plus(Duration.ofDays(10));
        assertThat(store.deleteBefore(cutoff)).isBetween(1, 2);
        List<Sample> kept = store.range(METER, T0, end(all));
        assertThat(kept).endsWith(all.subList(10 * 48, all.size()).toArray(Sample[]::new));
        assertThat(kept.size()).isLessThan(all.size());
    }

    @Test
    void hourBlocksAnOlderHubWroteStayReadableAndThePointWidensAfterThem() throws Exception {
        // The database as the hub before issue 25 left it: schema 4, hour blocks in formats 1 and 2.
        Migrations.migrate(ds, "4");
        List<Sample> old = meter(T0, 10 * 48, 4);
        try (Connection c = ds.getConnection();
                PreparedStatement point = c.prepareStatement("INSERT INTO ts_point (point_id, name) VALUES (0, ?)");
                PreparedStatement block = c.prepareStatement("INSERT INTO ts_block (block_id, point_id, window_start, "
                        + "first_time, last_time, sample_count, encoding, data) VALUES (?, 0, ?, ?, ?, 2, ?, ?)")) {
            point.setString(1, METER.value());
            point.executeUpdate();
            for (int i = 0; i < old.size(); i += 2) {
                List<Sample> hour = old.subList(i, i + 2);
                boolean formatOne = i < old.size() / 2;
                long first = BlockCodec.nanos(hour.get(0).sourceTime());
                block.setLong(1, i);
                block.setLong(2, first);
                block.setLong(3, first);
                block.setLong(4, BlockCodec.nanos(hour.get(1).sourceTime()));
                block.setShort(5, (short) (formatOne ? FormatOne.ENCODING : FormatTwo.ENCODING));
                block.setBytes(6, formatOne ? FormatOne.encode(hour) : FormatTwo.encode(hour));
                block.executeUpdate();
            }
        }
        clock.advance(Duration.ofDays(10));
        store = new DerbyStore(ds, clock);
        assertThat(store.range(METER, T0, end(old))).isEqualTo(old);
        assertThat(store.latest(METER)).contains(old.get(old.size() - 1));
        List<Sample> all = meter(T0, 3 * 7 * 48, 4); // the same series, continued live for 11 days
        for (Sample s : all.subList(old.size(), all.size())) {
            clock.advance(HALF_HOUR);
            store.append(List.of(s));
        }
        long since = since(METER);
        long oldEnd = BlockCodec.nanos(end(old));
        // Chosen after nine live samples: the week window that holds the newest stored one.
        assertThat(since % WEEK).isZero();
        assertThat(since).isGreaterThan(oldEnd - WEEK).isLessThan(oldEnd + 5 * HOUR);
        assertThat(store.range(METER, T0, end(all))).isEqualTo(all);
        assertThat(store.range(METER, all.get(100).sourceTime(), all.get(200).sourceTime()))
                .isEqualTo(all.subList(100, 200));
        assertThat(store.latest(METER)).contains(all.get(all.size() - 1));
        clock.advance(Duration.ofDays(30));
        store.compact(1000);
        assertThat(store.range(METER, T0, end(all))).isEqualTo(all);
        assertThat(store.aggregate(METER, T0, end(all), Duration.ofDays(1)))
                .hasSize(21)
                .allSatisfy(b -> assertThat(b.count()).isEqualTo(48));
        // The old hour blocks before the first week window stay as they were (the first half in format 1); those
        // inside it are merged into it with the new samples.
        long formatOneBefore = old.subList(0, old.size() / 2).stream()
                        .filter(x -> BlockCodec.nanos(x.sourceTime()) < since)
                        .count()
                / 2;
        assertThat(formatOneBefore).isPositive();
        try (Connection c = ds.getConnection();
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT COUNT(*) FROM ts_block WHERE encoding = " + FormatOne.ENCODING)) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(formatOneBefore);
        }
        long weeks = Math.floorDiv(BlockCodec.nanos(end(all)) - since + WEEK - 1, WEEK);
        assertThat(bytesPerValue(METER, since, Long.MAX_VALUE)[1]).isEqualTo(weeks);
        assertThat(bytesPerValue(METER, Long.MIN_VALUE, since)[1]).isEqualTo((since - BlockCodec.nanos(T0)) / HOUR);
    }

    private static Instant end(List<Sample> s) {
        return s.get(s.size() - 1).sourceTime().plusNanos(1);
    }

    private long since(PointId p) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT window_since FROM ts_point WHERE name = ?")) {
            ps.setString(1, p.value());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                long since = rs.getLong(1);
                assertThat(rs.wasNull()).as("window chosen").isFalse();
                return since;
            }
        }
    }

    /** Bytes per value of the point's blocks in windows starting in {@code [from, to)}, and their count. */
    private double[] bytesPerValue(PointId p, long from, long to) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT SUM(LENGTH(data)), SUM(sample_count), COUNT(*) "
                        + "FROM ts_block b JOIN ts_point p ON b.point_id = p.point_id "
                        + "WHERE p.name = ? AND window_start >= ? AND window_start < ?")) {
            ps.setString(1, p.value());
            ps.setLong(2, from);
            ps.setLong(3, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new double[] {(double) rs.getLong(1) / rs.getLong(2), rs.getLong(3)};
            }
        }
    }
}
