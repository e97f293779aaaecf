package io.gridhub.store.derby.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import io.gridhub.api.store.Bucket;
import io.gridhub.api.store.BucketsAndGaps;
import io.gridhub.api.store.QualityGap;
import io.gridhub.api.store.StoreException;
import io.gridhub.testkit.FakeBus;
import io.gridhub.testkit.SteppingClock;
import io.gridhub.testkit.Waits;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the Derby store does: windows and blocks, merging, retention by windows, the bus path of {@code
 * appendAndPublish}. What every store does is {@code TimeSeriesStoreContract} (bundles/testkit), run on Derby by
 * {@link DerbyStoreContractTest}.
 */
class DerbyStoreTest {
    private static final PointId A = PointId.of("t.m1.p");
    private static final PointId B = PointId.of("t.m2.p");
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @TempDir
    Path dir;

    private EmbeddedDataSource ds;
    private DerbyStore store;
    private Clock clock = Clock.fixed(T0.plus(Duration.ofDays(1)), ZoneOffset.UTC);

    @BeforeEach
    void open() throws StoreException {
        ds = dataSource(dir.resolve("db"));
        store = new DerbyStore(ds, clock);
    }

    @AfterEach
    void close() {
        store.close();
        shutdown(ds);
    }

    static EmbeddedDataSource dataSource(Path db) {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(db.toString());
        ds.setCreateDatabase("create");
        return ds;
    }

    static void shutdown(EmbeddedDataSource ds) {
        ds.setShutdownDatabase("shutdown");
        try (Connection c = ds.getConnection()) {
            throw new AssertionError("shutdown did not report");
        } catch (SQLException expected) {
            // 08006: database shut down
        }
    }

    private static List<Sample> series(PointId p, Instant start, int n, Duration step) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Sample.good(p, i * 1.5, start.plus(step.multipliedBy(i))));
        }
        return out;
    }

    @Test
    void appendedSamplesComeBackInRangeAcrossWindowsAndBatches() throws Exception {
        List<Sample> a = series(A, T0.minusSeconds(30 * 60), 7200, Duration.ofSeconds(1)); // spans 3 windows
        store.append(a.subList(0, 5000));
        store.append(a.subList(5000, 7200));
        store.append(series(B, T0, 10, Duration.ofSeconds(1)));

        assertThat(store.range(
                        A, a.get(0).sourceTime(), a.get(7199).sourceTime().plusNanos(1)))
                .isEqualTo(a);
        assertThat(store.range(A, a.get(100).sourceTime(), a.get(200).sourceTime()))
                .isEqualTo(a.subList(100, 200));
        assertThat(store.range(B, T0, T0.plusSeconds(60))).hasSize(10);
        assertThat(store.range(PointId.of("t.none.p"), T0, T0.plusSeconds(60))).isEmpty();
    }

    @Test
    void aBoundedRangeStopsReadingOnceItHasEnough() throws Exception {
        List<Sample> a = series(A, T0, 3 * 3600, Duration.ofSeconds(1)); // three windows
        store.append(a);
        // Spoil the blocks of the last window: a query that fetched them would fail to decode them.
        try (Connection c = ds.getConnection();
                var ps = c.prepareStatement(
                        "UPDATE ts_block SET data = ? WHERE window_start = (SELECT MAX(window_start) FROM ts_block)")) {
            ps.setBytes(1, new byte[] {99});
            assertThat(ps.executeUpdate()).isPositive();
        }
        Instant to = T0.plus(Duration.ofHours(3));
        assertThatThrownBy(() -> store.range(A, T0, to)).hasMessageContaining("unknown block encoding");
        assertThat(store.range(A, T0, to, 100)).isEqualTo(a.subList(0, 100));
        assertThat(store.range(A, T0, to, 3601)).isEqualTo(a.subList(0, 3601));
    }

    @Test
    void bucketsAndGapsDecodeEachBlockOnceWhereAggregateAndGapsDecodeItTwice() throws Exception {
        // Six hours of 1 s samples (six windows of one block each); the link was lost for the third hour.
        List<Sample> a = new ArrayList<>(series(A, T0, 6 * 3600, Duration.ofSeconds(1)));
        Quality lost = Quality.invalid(Quality.Reason.COMMUNICATION_FAILURE, "connection lost");
        for (int i = 2 * 3600; i < 3 * 3600; i++) {
            a.set(
                    i,
                    new Sample(
                            A, Double.NaN, lost, a.get(i).sourceTime(), a.get(i).sourceTime()));
        }
        store.append(a);
        assertThat(store.blockCount()).isEqualTo(6);
        Instant to = T0.plus(Duration.ofHours(6));
        Duration step = Duration.ofMinutes(15);

        long before = store.blocksRead();
        List<Bucket> buckets = store.aggregate(A, T0, to, step);
        List<QualityGap> gaps = store.gaps(A, T0, to);
        long separately = store.blocksRead() - before;
        BucketsAndGaps both = store.bucketsAndGaps(A, T0, to, step);
        long together = store.blocksRead() - before - separately;

        assertThat(gaps)
                .containsExactly(
                        new QualityGap(A, a.get(7200).sourceTime(), T0.plus(Duration.ofHours(3)), lost, false));
        assertThat(buckets).hasSize(20);
        assertThat(both).isEqualTo(new BucketsAndGaps(buckets, gaps));
        assertThat(separately).isEqualTo(12);
        assertThat(together).isEqualTo(6);
    }

    @Test
    void compactionMergesAWindowIntoOneBlockWithoutLosingOrDuplicatingSamples() throws Exception {
        List<Sample> all = series(A, T0, 600, Duration.ofSeconds(1));
        for (int i = 0; i < 600; i += 10) {
            store.append(all.subList(i, i + 10));
        }
        assertThat(store.blockCount()).isEqualTo(60);
        assertThat(store.compact(1000)).isEqualTo(1); // the window is closed (clock is a day later)
        assertThat(store.blockCount()).isEqualTo(1);
        assertThat(store.range(A, T0, T0.plusSeconds(600))).isEqualTo(all);
    }

    @Test
    void anOpenWindowIsMergedOnlyOnceItHoldsEnoughBlocks() throws Exception {
        store.close();
        store = new DerbyStore(ds, Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC));
        List<Sample> all = series(A, T0, 40, Duration.ofSeconds(1));
        for (int i = 0; i < 40; i += 2) {
            store.append(all.subList(i, i + 2));
        }
        assertThat(store.compact(50)).isZero();
        assertThat(store.compact(20)).isEqualTo(1);
        assertThat(store.range(A, T0, T0.plusSeconds(60))).isEqualTo(all);
    }

    /**
     * Issue 25: a busy open window was rewritten whole at every merge pass (480 points' hour windows took the store's
     * write lock for 30-40 s a pass and pushes waited seconds). Its merges now take the new blocks and only the
     * merged blocks no larger than those; the closed window is merged whole.
     */
    @Test
    void anOpenWindowsMergeLeavesLargerMergedBlocksAsTheyAreAndTheClosedWindowBecomesOneBlock() throws Exception {
        store.close();
        SteppingClock stepping = SteppingClock.at(T0.plusSeconds(600));
        store = new DerbyStore(ds, stepping);
        List<Sample> all = series(A, T0, 80, Duration.ofSeconds(1));
        appendInPairs(all.subList(0, 40));
        assertThat(store.compact(20)).isEqualTo(1);
        List<long[]> first = blocks();
        assertThat(first).hasSize(1);
        assertThat(first.get(0)[1]).isEqualTo(40);

        appendInPairs(all.subList(40, 60));
        assertThat(store.compact(10)).isEqualTo(1);
        List<long[]> second = blocks();
        assertThat(second).hasSize(2);
        assertThat(second.get(0)).isEqualTo(first.get(0)); // the 40 merged before: not read, not rewritten
        assertThat(second.get(1)[1]).isEqualTo(20);
        assertThat(store.range(A, T0, T0.plusSeconds(600))).isEqualTo(all.subList(0, 60));

        appendInPairs(all.subList(60, 80));
        assertThat(store.compact(10)).isEqualTo(1); // 20 new take the 20, then the 40 in: one block
        assertThat(blocks()).hasSize(1).allSatisfy(b -> assertThat(b[1]).isEqualTo(80));
        assertThat(store.range(A, T0, T0.plusSeconds(600))).isEqualTo(all);

        appendInPairs(series(A, T0.plusSeconds(100), 4, Duration.ofSeconds(1)));
        assertThat(store.compact(2)).isEqualTo(1);
        assertThat(blocks()).hasSize(2);
        stepping.advance(Duration.ofHours(2));
        assertThat(store.compact(1000)).isEqualTo(1); // closed: every block, once
        assertThat(blocks()).hasSize(1).allSatisfy(b -> assertThat(b[1]).isEqualTo(84));
        assertThat(store.compact(1000)).isZero();
    }

    /**
     * Issue 25: while appends wait for the writer, an open window below {@code BUSY_DEFERRAL} times the threshold
     * is left for a later pass (merging it then took the writer from the pushes for tens of seconds). Before, the
     * pass waited behind them to merge it.
     */
    @Test
    void anOpenWindowWaitsForALaterPassWhileAppendsWaitForTheWriter() throws Exception {
        store.close();
        store = new DerbyStore(ds, Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC));
        List<Sample> all = series(A, T0, 44, Duration.ofSeconds(1));
        appendInPairs(all.subList(0, 40));
        List<Thread> appenders = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(3, r -> {
            Thread t = new Thread(r, "appender");
            appenders.add(t);
            return t;
        });
        try (Connection other = ds.getConnection()) {
            other.setAutoCommit(false);
            try (Statement st = other.createStatement()) {
                st.execute("LOCK TABLE ts_block IN EXCLUSIVE MODE"); // the next append waits in the writer
            }
            Future<?> first = pool.submit(() -> appendAll(all.subList(40, 42)));
            Waits.until(Duration.ofSeconds(20), () -> lockWaits(other) > 0, "an append waiting for Derby's lock");
            Future<?> second = pool.submit(() -> appendAll(all.subList(42, 44)));
            Waits.until(
                    Duration.ofSeconds(20),
                    () -> appenders.size() == 2 && appenders.get(1).getState() == Thread.State.WAITING,
                    "an append waiting for the writer");
            Future<Integer> pass = pool.submit(() -> store.compact(20, true));
            assertThat(pass.get(20, TimeUnit.SECONDS)).isZero();
            other.rollback();
            first.get(20, TimeUnit.SECONDS);
            second.get(20, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.compact(20)).isEqualTo(1);
        assertThat(blocks()).hasSize(1);
        assertThat(store.range(A, T0, T0.plusSeconds(600))).isEqualTo(all);
    }

    private Void appendAll(List<Sample> samples) throws StoreException {
        store.append(samples);
        return null;
    }

    private static int lockWaits(Connection c) {
        try (Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT COUNT(*) FROM SYSCS_DIAG.LOCK_TABLE WHERE STATE = 'WAIT'")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void appendInPairs(List<Sample> samples) throws StoreException {
        for (int i = 0; i < samples.size(); i += 2) {
            store.append(samples.subList(i, i + 2));
        }
    }

    /** Block id and sample count of every stored block, by block id. */
    private List<long[]> blocks() throws SQLException {
        List<long[]> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
                var ps = c.prepareStatement("SELECT block_id, sample_count FROM ts_block ORDER BY block_id");
                var rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new long[] {rs.getLong(1), rs.getLong(2)});
            }
        }
        return out;
    }

    @Test
    void retentionDeletesWholeOldWindowsOnly() throws Exception {
        store.append(series(A, T0.minus(Duration.ofDays(10)), 10, Duration.ofSeconds(1)));
        store.append(series(A, T0, 10, Duration.ofSeconds(1)));
        assertThat(store.deleteBefore(T0.minus(Duration.ofDays(5)))).isEqualTo(1);
        assertThat(store.range(A, T0.minus(Duration.ofDays(11)), T0.plusSeconds(60)))
                .hasSize(10);
    }

    @Test
    void retentionCountsFromTheClocksTime() throws Exception {
        store.close();
        SteppingClock stepping = SteppingClock.at(T0.plus(Duration.ofDays(1)));
        store = new DerbyStore(ds, stepping);
        store.append(series(A, T0.minus(Duration.ofDays(10)), 10, Duration.ofSeconds(1)));
        store.append(series(A, T0, 10, Duration.ofSeconds(1)));
        assertThat(store.deleteOlderThan(Duration.ofDays(5))).isEqualTo(1);
        assertThat(store.deleteOlderThan(Duration.ofDays(5))).isZero();
        stepping.advance(Duration.ofDays(5));
        assertThat(store.deleteOlderThan(Duration.ofDays(5))).isEqualTo(1);
        assertThat(store.range(A, T0.minus(Duration.ofDays(11)), T0.plusSeconds(60)))
                .isEmpty();
    }

    @Test
    void samplesAppendedAndPublishedAreNotStoredAgainFromTheBus() throws Exception {
        FakeBus bus = new FakeBus();
        List<Sample> pushed = series(A, T0, 5, Duration.ofSeconds(1));
        store.appendAndPublish(pushed, bus);
        assertThat(bus.batches()).containsExactly(pushed);
        List<Sample> other = series(B, T0, 3, Duration.ofSeconds(1));
        List<Sample> fromBus = new ArrayList<>(pushed);
        fromBus.addAll(other);
        store.appendFromBus(fromBus);
        assertThat(store.range(A, T0, T0.plusSeconds(60))).isEqualTo(pushed);
        assertThat(store.range(B, T0, T0.plusSeconds(60))).isEqualTo(other);
    }
}
