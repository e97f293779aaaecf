package io.gridhub.store.derby.internal;

import io.gridhub.api.model.Sample;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Decoding one hour block of each 1 s telemetry series in block formats 1 and 2, alternating in one JVM: rounds of
 * {@value #BLOCKS} decodes of one format, then of the other (which goes first alternates too), each round timed in
 * the thread's CPU time, so that other processes on a loaded machine, which stretch wall time and JMH's forks
 * unevenly, do not decide the ratio. Prints the median µs per block of each format and their ratio. Run:
 * {@code bench/jmh/codec.sh decode [ROUNDS [SERIES]]}: only the series whose name starts with SERIES (a JVM per series
 * keeps one series' profile from shaping the code the next is decoded with).
 */
public final class DecodeAlternating {
    private static final int BLOCKS = 50;

    private DecodeAlternating() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        System.out.println("| series | format 1, µs per block (median CPU) | format 2 | format 2 ÷ format 1 |");
        System.out.println("|---|---|---|---|");
        String only = args.length > 1 ? args[1] : "";
        for (Map.Entry<String, List<Sample>> e : CodecSeries.telemetry().entrySet()) {
            if (!e.getKey().startsWith(only)) {
                continue;
            }
            byte[] one = FormatOne.encode(e.getValue());
            byte[] two = BlockCodec.encode(e.getValue());
            if (sum(one) != sum(two)) {
                throw new IllegalStateException("the formats decode to different samples");
            }
            double[] a = new double[rounds];
            double[] b = new double[rounds];
            double sink = 0;
            for (int r = -rounds / 4; r < rounds; r++) { // the first quarter warms up
                boolean oneFirst = (r & 1) == 0;
                for (int k = 0; k < 2; k++) {
                    byte[] data = (k == 0) == oneFirst ? one : two;
                    long start = cpu.getCurrentThreadCpuTime();
                    for (int i = 0; i < BLOCKS; i++) {
                        sink += sum(data);
                    }
                    double us = (cpu.getCurrentThreadCpuTime() - start) / 1e3 / BLOCKS;
                    if (r >= 0) {
                        (data == one ? a : b)[r] = us;
                    }
                }
            }
            double ma = median(a);
            double mb = median(b);
            System.out.printf("| %s | %.1f | %.1f | %.2f |%s%n", e.getKey(), ma, mb, mb / ma, sink == 0 ? " " : "");
        }
    }

    /** Sums times and values as a bucket query would, so nothing decoded is dead code. */
    private static double sum(byte[] data) {
        double[] acc = new double[1];
        BlockCodec.decode(data, (t, r, v, q) -> acc[0] += v + (t & 1) + (r & 1));
        return acc[0];
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
