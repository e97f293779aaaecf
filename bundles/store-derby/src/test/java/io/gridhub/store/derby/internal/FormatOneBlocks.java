package io.gridhub.store.derby.internal;

import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The series behind {@code blocks-v1.hex}: each line there is the block that the format-1 encoder of commit fd32bbd
 * (the codec before format 2) wrote for one of these series, so the test reads bytes that the old code wrote.
 */
final class FormatOneBlocks {
    static final PointId P = PointId.of("t.a.p");

    private FormatOneBlocks() {}

    static List<List<Sample>> series() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<List<Sample>> all = new ArrayList<>();
        List<Sample> regular = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            regular.add(Sample.good(P, 230.0 + (i % 7) * 0.1, t0.plusSeconds(i)));
        }
        all.add(regular);
        Random r = new Random(11);
        List<Sample> irregular = new ArrayList<>();
        Instant t = Instant.parse("2026-03-04T05:06:07.123456789Z");
        for (int i = 0; i < 500; i++) {
            t = t.plusNanos(1 + r.nextInt(2_000_000_000));
            double v = switch (i % 40) {
                case 0 -> -0.0;
                case 1 -> Double.MAX_VALUE;
                case 2 -> -Double.MIN_VALUE;
                default -> r.nextGaussian() * 1e4;
            };
            irregular.add(new Sample(P, v, Quality.GOOD, t, t.plusNanos(r.nextInt(10_000_000) - 5_000_000)));
        }
        all.add(irregular);
        Quality comm = Quality.invalid(Quality.Reason.COMMUNICATION_FAILURE, "timeout after 3 s");
        Quality skew = Quality.questionable(Quality.Reason.CLOCK_SKEW, "source 42 s ahead, äöü");
        all.add(List.of(
                Sample.good(P, 1, t0),
                new Sample(P, Double.NaN, comm, t0.plusSeconds(1), t0.plusSeconds(1)),
                new Sample(P, 3, skew, t0.plusSeconds(2), t0.plusSeconds(44)),
                new Sample(P, Double.POSITIVE_INFINITY, comm, t0.plusSeconds(3), t0.plusSeconds(3)),
                new Sample(P, Double.NEGATIVE_INFINITY, comm, t0.plusSeconds(3), t0.plusSeconds(3)),
                Sample.good(P, 5, t0.plusSeconds(3))));
        all.add(List.of(
                Sample.good(P, 1, Instant.parse("1969-12-31T23:59:59.5Z")),
                Sample.good(P, 2, Instant.parse("1970-01-01T00:00:00.5Z"))));
        List<Sample> meter = new ArrayList<>();
        long wh = 12_345_678;
        for (int i = 0; i < 96; i++) {
            wh += r.nextInt(900);
            meter.add(Sample.good(P, wh / 1000.0, t0.plusSeconds(900L * i)));
        }
        all.add(meter);
        return all;
    }
}
