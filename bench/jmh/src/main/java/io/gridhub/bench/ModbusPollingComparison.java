package io.gridhub.bench;

import java.util.concurrent.TimeUnit;

/**
 * The same comparison as {@link ModbusPollingBenchmark}, interleaved: short slices of raw j2mod polls and of
 * driver-host polls alternate for the whole run, so that load from other processes on a shared machine falls on
 * both sides alike. Prints registers/s of each and the ratio.
 * <pre>java -cp bench/jmh/target/benchmarks.jar io.gridhub.bench.ModbusPollingComparison [seconds=30]</pre>
 */
public final class ModbusPollingComparison {
    private ModbusPollingComparison() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int slice = 50;
        ModbusPollingBenchmark b = new ModbusPollingBenchmark();
        b.setUp();
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(2, seconds / 5));
            long rawNanos = 0;
            long hostNanos = 0;
            long rawPolls = 0;
            long hostPolls = 0;
            while (System.nanoTime() < end) {
                boolean warm = System.nanoTime() < warmEnd;
                long t0 = System.nanoTime();
                for (int i = 0; i < slice; i++) {
                    b.rawJ2mod();
                }
                long t1 = System.nanoTime();
                b.hostPolls(slice);
                long t2 = System.nanoTime();
                if (!warm) {
                    rawNanos += t1 - t0;
                    hostNanos += t2 - t1;
                    rawPolls += slice;
                    hostPolls += slice;
                }
            }
            double raw = rawPolls * ModbusPollingBenchmark.REGISTERS / (rawNanos / 1e9);
            double host = hostPolls * ModbusPollingBenchmark.REGISTERS / (hostNanos / 1e9);
            System.out.printf(
                    "raw j2mod:   %,.0f registers/s (%,d polls of %d)%n",
                    raw, rawPolls, ModbusPollingBenchmark.REGISTERS);
            System.out.printf(
                    "driver host: %,.0f registers/s (%,d polls of %d)%n",
                    host, hostPolls, ModbusPollingBenchmark.REGISTERS);
            System.out.printf("host / raw:  %.1f %%%n", 100 * host / raw);
        } finally {
            b.tearDown();
        }
        System.exit(0);
    }
}
