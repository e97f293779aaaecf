package io.gridhub.store.derby.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
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
        // Times cost a bit per 128 samples, the value cycle (scaled by 1000, differences of at most 750) ~ 10 bits.
        assertThat(data.length).isLessThan(3600 * 2);
        assertThat(data.length).isLessThan(FormatOne.encode(in).length / 2);
    }

    @Test
    void blocksWrittenByTheFormatOneEncoderStillRead() throws IOException {
        List<String> lines;
        try (InputStream in = BlockCodecTest.class.getResourceAsStream("/blocks-v1.hex")) {
            lines = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .lines()
                    .toList();
        }
        List<List<Sample>> series = FormatOneBlocks.series();
        assertThat(lines).hasSameSizeAs(series);
        for (int i = 0; i < lines.size(); i++) {
            byte[] old = HexFormat.of().parseHex(lines.get(i));
            assertThat(old[0]).isEqualTo((byte) FormatOne.ENCODING);
            assertExact(BlockCodec.decode(FormatOneBlocks.P, old), series.get(i));
            // The encoder kept for tests and the benchmark still writes those very bytes.
            assertThat(FormatOne.encode(series.get(i))).isEqualTo(old);
            byte[] now = BlockCodec.encode(series.get(i));
            assertThat(now[0]).isEqualTo((byte) BlockCodec.ENCODING);
            assertExact(BlockCodec.decode(FormatOneBlocks.P, now), series.get(i));
        }
    }

    @Test
    void manyRandomSeriesRoundTripExactly() {
        Random r = new Random(2026);
        for (int round = 0; round < 400; round++) {
            List<Sample> in = randomSeries(r, 1 + r.nextInt(round % 10 == 0 ? 5000 : 300));
            byte[] data = BlockCodec.encode(in);
            assertExact(BlockCodec.decode(P, data), in);
        }
    }

    @Test
    void decimalSeriesWithTheOddNonDecimalValueStayDecimalAndExact() {
        List<Sample> in = new ArrayList<>();
        Quality comm = Quality.invalid(Quality.Reason.COMMUNICATION_FAILURE, "timeout");
        for (int i = 0; i < 3600; i++) {
            double v = (12_345_678 + i) / 1000.0;
            if (i % 500 == 7) {
                in.add(new Sample(P, Double.NaN, comm, T0.plusSeconds(i), T0.plusSeconds(i)));
            } else {
                in.add(Sample.good(P, i % 900 == 3 ? -0.0 : v, T0.plusSeconds(i)));
            }
        }
        byte[] data = BlockCodec.encode(in);
        assertExact(BlockCodec.decode(P, data), in);
        // A counter in Wh rising by 1 each second: a handful of bits per value beside the exceptions.
        assertThat(data.length).isLessThan(3600 / 2);
    }

    @Test
    void realSeriesOfTheDemoRoundTripInDayBlocksAndStaySmall() throws IOException {
        Path file = Path.of("../../config/demo/data/community-2013-02.csv");
        List<String> rows = Files.readAllLines(file);
        String[] header = rows.get(0).split(",");
        long bytes = 0;
        long values = 0;
        for (int col = 1; col < header.length; col++) {
            List<Sample> series = new ArrayList<>();
            for (int row = 1; row < rows.size(); row++) {
                String cell = rows.get(row).split(",", -1)[col];
                Instant t = T0.plus(Duration.ofMinutes(30L * (row - 1)));
                series.add(Sample.good(P, Double.parseDouble(cell), t));
            }
            for (int from = 0; from < series.size(); from += 48 * 7) {
                List<Sample> week = series.subList(from, Math.min(series.size(), from + 48 * 7));
                byte[] data = BlockCodec.encode(week);
                assertExact(BlockCodec.decode(P, data), week);
                bytes += data.length;
                values += week.size();
            }
        }
        // Household kWh with 3 decimals, PV, weather: week blocks (336 samples) under 2 bytes per value.
        assertThat((double) bytes / values).isLessThan(2.0);
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

    /** Every time, received time, quality and value bit for bit (NaN payloads, -0.0). */
    static void assertExact(List<Sample> out, List<Sample> in) {
        assertThat(out).hasSameSizeAs(in);
        for (int i = 0; i < in.size(); i++) {
            Sample a = out.get(i);
            Sample b = in.get(i);
            assertThat(a.sourceTime()).as("source time %d", i).isEqualTo(b.sourceTime());
            assertThat(a.receivedTime()).as("received time %d", i).isEqualTo(b.receivedTime());
            assertThat(a.quality()).as("quality %d", i).isEqualTo(b.quality());
            assertThat(Double.doubleToRawLongBits(a.value()))
                    .as("value %d: %s for %s", i, a.value(), b.value())
                    .isEqualTo(Double.doubleToRawLongBits(b.value()));
        }
    }

    /** A series of a random shape: times, received offsets, values and qualities each drawn from several kinds. */
    static List<Sample> randomSeries(Random r, int n) {
        Quality bad = Quality.invalid(Quality.Reason.COMMUNICATION_FAILURE, "lost " + r.nextInt(9));
        Quality odd = Quality.questionable(Quality.Reason.CLOCK_SKEW, "");
        long[] units = {1, 1_000, 1_000_000, 1_000_000_000, 60_000_000_000L};
        long unit = units[r.nextInt(units.length)];
        int timeKind = r.nextInt(4);
        int receivedKind = r.nextInt(4);
        int valueKind = r.nextInt(9);
        int scale = r.nextInt(7);
        double scaleFactor = Math.pow(10, scale);
        long t = (r.nextBoolean() ? 1_700_000_000_000_000_000L : -1_000_000_000_000L) + r.nextInt(1 << 30);
        long step = unit * (1 + r.nextInt(900));
        double level = (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(12));
        long integer = r.nextLong() >> r.nextInt(64);
        List<Sample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            t += switch (timeKind) {
                case 0 -> step;
                case 1 -> step + (r.nextInt(3) - 1) * unit * r.nextInt(20);
                case 2 -> r.nextInt(10) == 0 ? 0 : (long) (r.nextDouble() * 3 * step);
                default -> r.nextInt(2) * step;
            };
            long received = switch (receivedKind) {
                case 0 -> t;
                case 1 -> t + r.nextInt(5_000_000);
                case 2 -> t + unit * r.nextInt(1000) - unit * 500;
                default -> t + (r.nextInt(50) == 0 ? Long.MAX_VALUE / 4 : 0);
            };
            level += r.nextGaussian();
            integer += r.nextInt(1000) - 500;
            double v = switch (valueKind) {
                case 0 -> Math.round(level * scaleFactor) / scaleFactor;
                case 1 -> level;
                case 2 -> Double.longBitsToDouble(r.nextLong());
                case 3 -> (float) level;
                case 4 -> integer;
                case 5 -> r.nextInt(3);
                case 6 -> Math.round(level * 10) / 10.0 * 0.1;
                case 7 -> 42.5;
                default ->
                    switch (r.nextInt(6)) {
                        case 0 -> Double.NaN;
                        case 1 -> -0.0;
                        case 2 -> Double.POSITIVE_INFINITY;
                        case 3 -> Double.NEGATIVE_INFINITY;
                        case 4 -> Double.longBitsToDouble(0x7ff8_0000_dead_beefL);
                        default -> Math.round(level * 1000) / 1000.0;
                    };
            };
            Quality q = !Double.isFinite(v) || r.nextInt(20) == 0 ? bad : r.nextInt(40) == 0 ? odd : Quality.GOOD;
            out.add(new Sample(P, v, q, BlockCodec.instant(t), BlockCodec.instant(received)));
        }
        return out;
    }
}
