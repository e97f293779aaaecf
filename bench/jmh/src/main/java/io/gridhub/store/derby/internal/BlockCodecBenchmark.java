package io.gridhub.store.derby.internal;

import io.gridhub.api.model.Sample;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding and encoding one hour block of 1 s telemetry (3,600 samples) in block format 1 (the codec before
 * issue 25) and format 2, in the same run: decoding is what a range or bucket query pays per block. Run:
 * {@code bench/jmh/codec.sh jmh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BlockCodecBenchmark {
    @Param({"voltage", "power", "register", "float32", "polled"})
    public String series;

    private List<Sample> block;
    private byte[] one;
    private byte[] two;

    @Setup
    public void setUp() {
        String key = switch (series) {
            case "voltage" -> "1 s voltage, 0.1 V";
            case "power" -> "1 s active power, W";
            case "register" -> "1 s energy register";
            case "float32" -> "1 s active power, float32";
            default -> "1 s voltage, hub-stamped";
        };
        block = CodecSeries.telemetry().entrySet().stream()
                .filter(e -> e.getKey().startsWith(key))
                .findFirst()
                .orElseThrow()
                .getValue();
        one = FormatOne.encode(block);
        two = BlockCodec.encode(block);
    }

    /** Sums times and values as a bucket query would, so nothing decoded is dead code. */
    private static double sum(byte[] data) {
        double[] acc = new double[1];
        BlockCodec.decode(data, (t, r, v, q) -> acc[0] += v + (t & 1) + (r & 1));
        return acc[0];
    }

    @Benchmark
    public double decodeFormatOne() {
        return sum(one);
    }

    @Benchmark
    public double decodeFormatTwo() {
        return sum(two);
    }

    @Benchmark
    public byte[] encodeFormatOne() {
        return FormatOne.encode(block);
    }

    @Benchmark
    public byte[] encodeFormatTwo() {
        return BlockCodec.encode(block);
    }
}
