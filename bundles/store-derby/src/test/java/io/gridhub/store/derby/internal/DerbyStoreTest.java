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
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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
