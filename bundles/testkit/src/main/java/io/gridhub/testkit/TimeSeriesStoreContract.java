package io.gridhub.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import io.gridhub.api.store.Bucket;
import io.gridhub.api.store.BucketsAndGaps;
import io.gridhub.api.store.QualityGap;
import io.gridhub.api.store.StoreException;
import io.gridhub.api.store.TimeSeriesStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link TimeSeriesStore} contract, the same for every store (Derby, PostgreSQL): a store's test extends this
 * class and says how to open a store on a fresh database, how to open it again on the same database and how to
 * close it. What only one store does (Derby's blocks and compaction, PostgreSQL's idempotent writes) stays in that
 * store's own tests.
 */
public abstract class TimeSeriesStoreContract {
    protected static final PointId A = PointId.of("t.m1.p");
    protected static final PointId B = PointId.of("t.m2.p");
    protected static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Quality LOST = Quality.invalid(Quality.Reason.COMMUNICATION_FAILURE, "connection lost");
    private static final Quality SPIKE = Quality.questionable(Quality.Reason.OUT_OF_RANGE, "spike");

    private TimeSeriesStore store;

    /** A store on a fresh, empty database. */
    protected abstract TimeSeriesStore open() throws Exception;

    /** Closes {@code store} and opens a store on the same database again. */
    protected abstract TimeSeriesStore reopen(TimeSeriesStore store) throws Exception;

    /** Closes {@code store} (and its database). */
    protected abstract void close(TimeSeriesStore store) throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = open();
    }

    @AfterEach
    void closeStore() throws Exception {
        close(store);
    }

    protected static List<Sample> series(PointId p, Instant start, int n, Duration step) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Sample.good(p, i * 1.5, start.plus(step.multipliedBy(i))));
        }
        return out;
    }

    @Test
    void appendedSamplesComeBackInRangeAcrossBatches() throws Exception {
        List<Sample> a = series(A, T0.minusSeconds(30 * 60), 7200, Duration.ofSeconds(1)); // two hours
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
        store.append(List.of()); // nothing to do
    }

    @Test
    void qualitiesTimesAndValuesComeBackExactly() throws Exception {
        List<Sample> in = List.of(
                new Sample(A, 1.25, Quality.GOOD, T0.plusNanos(1), T0.plusSeconds(2)),
                new Sample(
                        A,
                        Double.NaN,
                        Quality.invalid(Quality.Reason.COMMUNICATION_FAILURE, "timeout"),
                        T0.plusMillis(1500),
                        T0.plusSeconds(3)),
                new Sample(
                        A,
                        -7.5e-3,
                        Quality.questionable(Quality.Reason.SUBSTITUTED, ""),
                        T0.plusSeconds(2),
                        T0.plusSeconds(2)));
        store.append(in);
        List<Sample> out = store.range(A, T0, T0.plusSeconds(10));
        assertThat(out).hasSize(3);
        assertThat(out.get(0)).isEqualTo(in.get(0));
        assertThat(out.get(2)).isEqualTo(in.get(2));
        Sample invalid = out.get(1);
        assertThat(invalid.value()).isNaN();
        assertThat(invalid.quality()).isEqualTo(in.get(1).quality());
        assertThat(invalid.sourceTime()).isEqualTo(in.get(1).sourceTime());
        assertThat(invalid.receivedTime()).isEqualTo(in.get(1).receivedTime());
    }

    @Test
    void aBoundedRangeReturnsTheFirstSamplesInTimeOrder() throws Exception {
        List<Sample> a = series(A, T0.minusSeconds(30 * 60), 7200, Duration.ofSeconds(1));
        store.append(a.subList(3000, 7200));
        store.append(a.subList(0, 3000)); // earlier samples written later
        Instant from = a.get(0).sourceTime();
        Instant to = a.get(7199).sourceTime().plusNanos(1);
        assertThat(store.range(A, from, to, 10)).isEqualTo(a.subList(0, 10));
        assertThat(store.range(A, from, to, 4000)).isEqualTo(a.subList(0, 4000));
        assertThat(store.range(A, a.get(100).sourceTime(), to, 5)).isEqualTo(a.subList(100, 105));
        assertThat(store.range(A, from, to, 10_000)).isEqualTo(a);
        assertThat(store.range(A, from, to, 0)).isEmpty();
        assertThat(store.range(PointId.of("t.none.p"), from, to, 10)).isEmpty();
        assertThatThrownBy(() -> store.range(A, from, to, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void erasingAPointRemovesAllItsSamplesAndNoOthers() throws Exception {
        List<Sample> a = series(A, T0, 2 * 3600, Duration.ofSeconds(1));
        List<Sample> b = series(B, T0, 600, Duration.ofSeconds(1));
        store.append(a);
        store.append(b);
        Instant to = T0.plus(Duration.ofHours(3));
        assertThat(store.erase(A)).isEqualTo(a.size());
        assertThat(store.range(A, T0, to)).isEmpty();
        assertThat(store.latest(A)).isEmpty();
        assertThat(store.range(B, T0, to)).isEqualTo(b);
        assertThat(store.erase(A)).isZero();
        assertThat(store.erase(PointId.of("t.none.p"))).isZero();
        store.append(a.subList(0, 10)); // the point can be written again afterwards
        assertThat(store.range(A, T0, to)).isEqualTo(a.subList(0, 10));
    }

    @Test
    void outOfOrderAndLateSamplesAreReturnedInTimeOrder() throws Exception {
        Sample s1 = Sample.good(A, 1, T0.plusSeconds(1));
        Sample s2 = Sample.good(A, 2, T0.plusSeconds(2));
        Sample s3 = Sample.good(A, 3, T0.plusSeconds(3));
        store.append(List.of(s3, s1));
        store.append(List.of(s2));
        assertThat(store.range(A, T0, T0.plusSeconds(10))).containsExactly(s1, s2, s3);
        assertThat(store.latest(A)).contains(s3);
    }

    @Test
    void aggregatesMinMaxAvgLastPerStepOfGoodSamplesOnly() throws Exception {
        List<Sample> in = new ArrayList<>(series(A, T0, 120, Duration.ofSeconds(1)));
        in.add(new Sample(
                A,
                1e9,
                Quality.invalid(Quality.Reason.OUT_OF_RANGE, "spike"),
                T0.plusSeconds(30).plusMillis(1),
                T0.plusSeconds(30)));
        store.append(in);
        List<Bucket> buckets = store.aggregate(A, T0, T0.plusSeconds(180), Duration.ofMinutes(1));
        assertThat(buckets).hasSize(2); // the empty third minute is left out
        Bucket first = buckets.get(0);
        assertThat(first.start()).isEqualTo(T0);
        assertThat(first.count()).isEqualTo(60);
        assertThat(first.min()).isEqualTo(0);
        assertThat(first.max()).isEqualTo(59 * 1.5);
        assertThat(first.avg()).isCloseTo(29.5 * 1.5, within(1e-9));
        assertThat(first.last()).isEqualTo(59 * 1.5);
        assertThat(buckets.get(1).start()).isEqualTo(T0.plusSeconds(60));
        assertThat(buckets.get(1).last()).isEqualTo(119 * 1.5);
        assertThat(store.aggregate(A, T0.plusSeconds(30), T0.plusSeconds(45), Duration.ofSeconds(10)))
                .extracting(Bucket::count)
                .containsExactly(10L, 5L); // buckets count from the range's start
        assertThatThrownBy(() -> store.aggregate(A, T0, T0.plusSeconds(60), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void latestIsTheNewestBySourceTime() throws Exception {
        assertThat(store.latest(A)).isEmpty();
        store.append(series(A, T0, 100, Duration.ofSeconds(1)));
        store.append(List.of(Sample.good(A, -1, T0.minusSeconds(7200)))); // old data arriving late
        assertThat(store.latest(A).orElseThrow().value()).isEqualTo(99 * 1.5);
    }

    @Test
    void samplesSurviveReopeningTheDatabase() throws Exception {
        List<Sample> in = series(A, T0, 1000, Duration.ofMillis(250));
        store.append(in);
        store = reopen(store);
        assertThat(store.range(A, T0, T0.plusSeconds(1000))).isEqualTo(in);
        store.append(series(B, T0, 5, Duration.ofSeconds(1))); // a new point after reopening
        assertThat(store.range(B, T0, T0.plusSeconds(10))).hasSize(5);
        assertThat(store.range(A, T0, T0.plusSeconds(1000))).hasSize(1000);
    }

    @Test
    void aSampleOutsideTheStorableTimeRangeFailsTheWholeBatch() throws Exception {
        List<Sample> batch = List.of(Sample.good(A, 1, T0), Sample.good(B, 2, Instant.parse("2300-01-01T00:00:00Z")));
        assertThatThrownBy(() -> store.append(batch))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("append of 2 samples failed");
        assertThat(store.range(A, T0, T0.plusSeconds(1))).isEmpty();
        store.append(List.of(Sample.good(B, 3, T0))); // the point of the failed batch is usable
        assertThat(store.range(B, T0, T0.plusSeconds(1))).hasSize(1);
    }

    @Test
    void appendAndPublishStoresThenPublishes() throws Exception {
        FakeBus bus = new FakeBus();
        List<Sample> pushed = series(A, T0, 5, Duration.ofSeconds(1));
        store.appendAndPublish(pushed, bus);
        assertThat(bus.batches()).containsExactly(pushed);
        assertThat(store.range(A, T0, T0.plusSeconds(60))).isEqualTo(pushed);
    }

    /**
     * Two hours of 1 s samples from {@code T0 - 30 min} with three data-quality gaps: a lost link across 10:00 (its
     * first sample LOST, then OVERFLOW marks, good again at index 1830), one questionable sample at 3000, and marks
     * from 7000 to the end, so that gap is still open. Appended odd samples first, so each hour holds overlapping
     * batches.
     */
    private List<Sample> appendWithGaps() throws StoreException {
        List<Sample> a = new ArrayList<>();
        for (int i = 0; i < 7200; i++) {
            Instant t = T0.minusSeconds(30 * 60).plusSeconds(i);
            Quality q = Quality.GOOD;
            if (i == 1790) {
                q = LOST;
            } else if (i == 3000) {
                q = SPIKE;
            } else if ((i > 1790 && i < 1830) || i >= 7000) {
                q = Quality.invalid(Quality.Reason.OVERFLOW, "mark");
            }
            a.add(new Sample(A, q.isGood() ? i : Double.NaN, q, t, t));
        }
        List<Sample> odd = new ArrayList<>();
        List<Sample> even = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            (i % 2 == 1 ? odd : even).add(a.get(i));
        }
        store.append(odd);
        store.append(even);
        return a;
    }

    private static Instant at(List<Sample> a, int i) {
        return a.get(i).sourceTime();
    }

    @Test
    void gapsAreRunsOfSamplesThatAreNotGoodUpToTheNextGoodOne() throws Exception {
        List<Sample> a = appendWithGaps();
        Instant from = at(a, 0);
        Instant to = from.plus(Duration.ofHours(3));

        assertThat(store.gaps(A, from, to))
                .containsExactly(
                        new QualityGap(A, at(a, 1790), at(a, 1830), LOST, false),
                        new QualityGap(A, at(a, 3000), at(a, 3001), SPIKE, false),
                        new QualityGap(A, at(a, 7000), to, a.get(7000).quality(), true));
        assertThat(store.gaps(A, at(a, 1800), at(a, 2000)))
                .as("a period that begins inside a gap")
                .containsExactly(
                        new QualityGap(A, at(a, 1800), at(a, 1830), a.get(1800).quality(), false));
        assertThat(store.gaps(A, from, at(a, 1800)))
                .as("a period that ends inside a gap")
                .containsExactly(new QualityGap(A, at(a, 1790), at(a, 1800), LOST, true));
        assertThat(store.gaps(A, from, at(a, 1790))).isEmpty();
        assertThat(store.gaps(B, from, to)).isEmpty();
        assertThat(store.gaps(A, to, from)).isEmpty();
        TimeSeriesStore byDefault = new DefaultsOf(store);
        for (Instant[] p : List.of(
                new Instant[] {from, to}, new Instant[] {at(a, 1800), at(a, 3000)}, new Instant[] {T0, at(a, 7100)})) {
            assertThat(store.gaps(A, p[0], p[1]))
                    .as("as the default finds them in the samples")
                    .isEqualTo(byDefault.gaps(A, p[0], p[1]));
        }
    }

    @Test
    void bucketsAndGapsAreTheAggregateAndTheGapsReadTogether() throws Exception {
        List<Sample> a = appendWithGaps();
        // 15-minute meter data over three days as well, with a gap across the first day's end (23:45 to 00:30,
        // so the half hour from 00:00 has no good sample): stores may keep such data in wide blocks.
        Instant day = Instant.parse("2026-01-05T00:00:00Z");
        List<Sample> meter = new ArrayList<>(series(B, day, 3 * 96, Duration.ofMinutes(15)));
        for (int i = 95; i <= 97; i++) {
            meter.set(i, new Sample(B, Double.NaN, LOST, at(meter, i), at(meter, i)));
        }
        store.append(meter.subList(97, meter.size()));
        store.append(meter.subList(0, 97));
        TimeSeriesStore byDefault = new DefaultsOf(store);
        Duration quarter = Duration.ofMinutes(15);
        for (Instant[] p : List.of(
                new Instant[] {at(a, 0), at(a, 0).plus(Duration.ofHours(3))},
                new Instant[] {T0, at(a, 7100)},
                new Instant[] {at(a, 1795), at(a, 1800)})) {
            BucketsAndGaps both = store.bucketsAndGaps(A, p[0], p[1], quarter);
            assertThat(both.buckets()).isEqualTo(store.aggregate(A, p[0], p[1], quarter));
            assertThat(both.gaps()).isEqualTo(byDefault.gaps(A, p[0], p[1]));
        }
        Instant end = day.plus(Duration.ofDays(3));
        BucketsAndGaps days = store.bucketsAndGaps(B, day, end, Duration.ofMinutes(30));
        assertThat(days.buckets()).hasSize(3 * 48 - 1).isEqualTo(store.aggregate(B, day, end, Duration.ofMinutes(30)));
        assertThat(days.gaps()).containsExactly(new QualityGap(B, at(meter, 95), at(meter, 98), LOST, false));
        assertThat(store.bucketsAndGaps(PointId.of("t.none.p"), day, end, quarter))
                .isEqualTo(new BucketsAndGaps(List.of(), List.of()));
        assertThatThrownBy(() -> store.bucketsAndGaps(A, T0, end, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A store's samples, with the api's default {@code gaps} and {@code bucketsAndGaps}: what a store must match. */
    private record DefaultsOf(TimeSeriesStore store) implements TimeSeriesStore {
        @Override
        public void append(List<Sample> samples) throws StoreException {
            store.append(samples);
        }

        @Override
        public List<Sample> range(PointId point, Instant from, Instant to) throws StoreException {
            return store.range(point, from, to);
        }

        @Override
        public List<Sample> range(PointId point, Instant from, Instant to, int limit) throws StoreException {
            return store.range(point, from, to, limit);
        }

        @Override
        public List<Bucket> aggregate(PointId point, Instant from, Instant to, Duration step) throws StoreException {
            return store.aggregate(point, from, to, step);
        }

        @Override
        public Optional<Sample> latest(PointId point) throws StoreException {
            return store.latest(point);
        }
    }
}
