package io.gridhub.api.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The store's default gap finder over a list of samples, across its pages. */
class TimeSeriesStoreGapsTest {
    private static final PointId P = PointId.of("demo.m1.p");
    private static final Instant T0 = Instant.parse("2026-12-05T00:00:00Z");
    private static final Quality LOST = Quality.invalid(Quality.Reason.COMMUNICATION_FAILURE, "connection lost");

    /** Samples in a list; only {@code range} is its own. */
    private record ListStore(List<Sample> samples) implements TimeSeriesStore {
        @Override
        public void append(List<Sample> s) {
            samples.addAll(s);
        }

        @Override
        public List<Sample> range(PointId point, Instant from, Instant to) {
            return samples.stream()
                    .filter(s -> s.point().equals(point)
                            && !s.sourceTime().isBefore(from)
                            && s.sourceTime().isBefore(to))
                    .toList();
        }

        @Override
        public List<Bucket> aggregate(PointId point, Instant from, Instant to, Duration step) {
            return List.of();
        }

        @Override
        public Optional<Sample> latest(PointId point) {
            return Optional.empty();
        }
    }

    private static Sample at(long second, Quality q) {
        Instant t = T0.plusSeconds(second);
        return new Sample(P, q.isGood() ? 1 : Double.NaN, q, t, t);
    }

    @Test
    void aRunOfBadSamplesIsOneGapUntilTheNextGoodOne() throws Exception {
        List<Sample> s = new ArrayList<>();
        // 25,000 seconds of good data (three pages) with two gaps, the second still open at the end.
        for (int i = 0; i < 25_000; i++) {
            boolean bad = (i >= 12_000 && i < 12_600) || i >= 24_000;
            s.add(at(i, bad ? (i == 12_000 ? LOST : Quality.invalid(Quality.Reason.OVERFLOW, "x")) : Quality.GOOD));
        }
        TimeSeriesStore store = new ListStore(s);
        Instant end = T0.plus(Duration.ofDays(1));

        List<QualityGap> gaps = store.gaps(P, T0, end);

        assertThat(gaps).hasSize(2);
        assertThat(gaps.get(0))
                .isEqualTo(new QualityGap(P, T0.plusSeconds(12_000), T0.plusSeconds(12_600), LOST, false));
        assertThat(gaps.get(0).length()).isEqualTo(Duration.ofMinutes(10));
        assertThat(gaps.get(1).from()).isEqualTo(T0.plusSeconds(24_000));
        assertThat(gaps.get(1).to()).isEqualTo(end);
        assertThat(gaps.get(1).open()).isTrue();
        assertThat(store.gaps(P, T0, T0.plusSeconds(12_000)))
                .as("only good samples")
                .isEmpty();
    }

    @Test
    void theDefaultBucketsAndGapsAsksForEachInTurn() throws Exception {
        List<Sample> s = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            s.add(at(i, i >= 50 && i < 60 ? LOST : Quality.GOOD));
        }
        TimeSeriesStore store = new ListStore(s);
        Instant end = T0.plusSeconds(100);

        BucketsAndGaps both = store.bucketsAndGaps(P, T0, end, Duration.ofSeconds(10));

        assertThat(both.buckets()).isEqualTo(store.aggregate(P, T0, end, Duration.ofSeconds(10)));
        assertThat(both.gaps()).containsExactly(new QualityGap(P, T0.plusSeconds(50), T0.plusSeconds(60), LOST, false));
    }

    @Test
    void aGapOverlapsTheIntervalsItTouches() {
        QualityGap g = new QualityGap(P, T0.plusSeconds(100), T0.plusSeconds(1000), LOST, false);
        assertThat(g.overlaps(T0, T0.plusSeconds(900))).isTrue();
        assertThat(g.overlaps(T0.plusSeconds(900), T0.plusSeconds(1800))).isTrue();
        assertThat(g.overlaps(T0.plusSeconds(1000), T0.plusSeconds(1900)))
                .as("ends where the good sample is")
                .isFalse();
        assertThat(g.overlaps(T0, T0.plusSeconds(100))).isFalse();
    }
}
