package io.gridhub.store.derby.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BlockCodecTest {
    private static final PointId P = PointId.of("t.a.p");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void regularSeriesRoundTripsAndIsSmall() {
        List<Sample> in = new ArrayList<>();
        for (int i = 0; i < 3600; i++) {
            in.add(Sample.good(P, 230.0 + (i % 7) * 0.125, T0.plusSeconds(i)));
        }
        byte[] data = BlockCodec.encode(in);
        assertThat(BlockCodec.decode(P, data)).isEqualTo(in);
        // One byte of time, one of received offset, a few of value: far below 24 bytes per sample.
        assertThat(data.length).isLessThan(3600 * 6);
    }

    @Test
    void irregularTimesNanosNegativeValuesAndSpecialValuesRoundTrip() {
        Random r = new Random(7);
        List<Sample> in = new ArrayList<>();
        Instant t = Instant.parse("2026-03-04T05:06:07.123456789Z");
        for (int i = 0; i < 1000; i++) {
            t = t.plusNanos(1 + r.nextInt(2_000_000_000));
            double v = switch (i % 50) {
                case 0 -> -0.0;
                case 1 -> Double.MAX_VALUE;
                case 2 -> -Double.MIN_VALUE;
                default -> r.nextGaussian() * 1e4;
            };
            Instant received = t.plusNanos(r.nextInt(10_000_000) - 5_000_000);
            in.add(new Sample(P, v, Quality.GOOD, t, received));
        }
        assertThat(BlockCodec.decode(P, BlockCodec.encode(in))).isEqualTo(in);
    }

    @Test
    void qualitiesAndNonFiniteValuesOfBadSamplesRoundTrip() {
        Quality comm = Quality.invalid(Quality.Reason.COMMUNICATION_FAILURE, "timeout after 3 s");
        Quality skew = Quality.questionable(Quality.Reason.CLOCK_SKEW, "source 42 s ahead, äöü");
        List<Sample> in = List.of(
                Sample.good(P, 1, T0),
                new Sample(P, Double.NaN, comm, T0.plusSeconds(1), T0.plusSeconds(1)),
                new Sample(P, 3, skew, T0.plusSeconds(2), T0.plusSeconds(44)),
                new Sample(P, Double.POSITIVE_INFINITY, comm, T0.plusSeconds(3), T0.plusSeconds(3)),
                Sample.good(P, 5, T0.plusSeconds(3)));
        List<Sample> out = BlockCodec.decode(P, BlockCodec.encode(in));
        assertThat(out).hasSize(5);
        assertThat(out.get(1).value()).isNaN();
        assertThat(out.get(1).quality()).isEqualTo(comm);
        assertThat(out.get(2)).isEqualTo(in.get(2));
        assertThat(out.get(3)).isEqualTo(in.get(3));
        assertThat(out.get(4)).isEqualTo(in.get(4));
    }

    @Test
    void timesBeforeTheEpochRoundTrip() {
        List<Sample> in = List.of(
                Sample.good(P, 1, Instant.parse("1969-12-31T23:59:59.5Z")),
                Sample.good(P, 2, Instant.parse("1970-01-01T00:00:00.5Z")));
        assertThat(BlockCodec.decode(P, BlockCodec.encode(in))).isEqualTo(in);
    }
}
