package io.gridhub.store.postgresql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What only the PostgreSQL store does, on a real server: idempotent writes, retention, TimescaleDB's choice. */
class PostgresStoreTest {
    private static final PointId A = PointId.of("t.m1.p");
    private static final PointId B = PointId.of("t.m2.p");
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private TestDatabase db;
    private PostgresStore store;

    @BeforeEach
    void open() throws Exception {
        db = TestDatabase.create();
        store = new PostgresStore(db.pool, TestDatabase.SCHEMA, Timescale.Mode.AUTO, Duration.ofDays(7));
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private static List<Sample> series(PointId p, int n) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Sample.good(p, i, T0.plusSeconds(i)));
        }
        return out;
    }

    @Test
    void aBatchDeliveredTwiceIsStoredOnce() throws Exception {
        List<Sample> batch = series(A, 100);
        store.append(batch);
        store.append(batch); // redelivered (at-least-once)
        List<Sample> overlapping = new ArrayList<>(series(A, 150).subList(50, 150));
        overlapping.addAll(series(B, 10));
        store.append(overlapping); // half of it stored already
        assertThat(store.range(A, T0, T0.plusSeconds(1000))).isEqualTo(series(A, 150));
        assertThat(store.range(B, T0, T0.plusSeconds(1000))).isEqualTo(series(B, 10));
        assertThat(db.psql("SELECT COUNT(*) FROM ts_sample")).isEqualTo("160");
    }

    @Test
    void theFirstWriteOfAPointAndSourceTimeStays() throws Exception {
        Sample first = Sample.good(A, 1, T0);
        Sample again =
                new Sample(A, 2, Quality.questionable(Quality.Reason.SUBSTITUTED, "later"), T0, T0.plusSeconds(9));
        store.append(List.of(first, again)); // even within one batch
        store.append(List.of(again));
        assertThat(store.range(A, T0, T0.plusSeconds(1))).containsExactly(first);
    }

    @Test
    void hubsWritingTheSameSamplesAtOnceStoreEachOnce() throws Exception {
        List<Sample> all = new ArrayList<>(series(A, 2000));
        all.addAll(series(B, 2000));
        PostgresStore other =
                new PostgresStore(db.anotherPool(), TestDatabase.SCHEMA, Timescale.Mode.AUTO, Duration.ofDays(7));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (PostgresStore s : List.of(store, other, store, other)) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < all.size(); i += 250) {
                        s.append(all.subList(i, i + 250));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            other.close();
        }
        assertThat(store.range(A, T0, T0.plusSeconds(5000))).isEqualTo(series(A, 2000));
        assertThat(db.psql("SELECT COUNT(*) FROM ts_sample")).isEqualTo("4000");
        assertThat(db.psql("SELECT COUNT(*) FROM ts_point")).isEqualTo("2"); // one id per point, whoever won
    }

    @Test
    void retentionDeletesSamplesMeasuredBeforeTheCutoff() throws Exception {
        store.append(series(A, 10));
        store.append(List.of(Sample.good(A, -1, T0.minus(Duration.ofDays(10)))));
        assertThat(store.deleteBefore(T0.minus(Duration.ofDays(5)))).isEqualTo(1);
        assertThat(store.range(A, T0.minus(Duration.ofDays(11)), T0.plusSeconds(60)))
                .isEqualTo(series(A, 10));
    }

    @Test
    void everyQualityReasonHasAFixedCode() {
        for (Quality.Reason r : Quality.Reason.values()) {
            Quality q = r == Quality.Reason.NONE ? Quality.GOOD : Quality.invalid(r, "d");
            assertThat(Qualities.of(Qualities.status(q), Qualities.reason(q), "d")
                            .reason())
                    .isEqualTo(r);
        }
        assertThat(Qualities.reason(Quality.invalid(Quality.Reason.OVERFLOW, "")))
                .isEqualTo((short) 8);
    }
}
