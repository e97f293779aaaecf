package io.gridhub.bench.allocation;

import io.gridhub.allocation.internal.data.MeterTable;
import io.gridhub.allocation.internal.fair.ExactShapley;
import io.gridhub.allocation.internal.fair.SampledShapley;
import io.gridhub.allocation.internal.fair.SavingsGame;
import io.gridhub.allocation.internal.fair.ShapleyByDefinition;
import io.gridhub.allocation.internal.fair.ShapleyResult;
import io.gridhub.allocation.internal.keys.Keys;
import io.gridhub.api.allocation.Prices;
import io.gridhub.api.model.AllocationLine;
import io.gridhub.api.model.MeterInterval;
import io.gridhub.api.model.PolicyRef;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The allocation benchmark (docs/benchmarks.md, "Allocation"). Members are built from real data: the 50 SGSC
 * households (load) repeated with day shifts and scales, 30 % of them with rooftop PV and 1 % community plants
 * shaped by the Ausgrid 300-home PV aggregate; half-hour values split into quarter hours. Each figure is the
 * median of repeated runs and is compared with a naive approach in the same JVM.
 *
 * <p>Usage: {@code AllocationBench DATA_DIR [members] [referenceSeconds]}
 */
public final class AllocationBench {
    private static final int YEAR_HALF_HOURS = 17_520;

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args.length > 0 ? args[0] : "/work/shared/data");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        double refTarget = args.length > 2 ? Double.parseDouble(args[2]) : 0.001;
        System.out.printf(
                Locale.ROOT,
                "java %s, %d cores, max heap %d MB%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        double[][] load = households(data.resolve("households_sgsc50_nsw_2012-2013_30min.csv"));
        double[] pv = pvPerHome(data.resolve("ausgrid300_aggregate_30min.csv"));
        MeterTable year = community(n, load, pv, 0, YEAR_HALF_HOURS);
        System.out.printf(
                Locale.ROOT,
                "keys: %s, %.0f MWh consumed, %.0f MWh generated%n",
                year,
                year.totalConsumption() / 1000,
                year.totalGeneration() / 1000);
        keys(year);
        // One summer day (early January 2013 in the SGSC year) for Shapley.
        int day = 6 * 48;
        MeterTable oneDay = community(n, load, pv, day, 48);
        shapley(oneDay, refTarget);
        exactSmall(load, pv, day);
    }

    private static void keys(MeterTable m) {
        int n = m.members();
        double[] ones = new double[n];
        Arrays.fill(ones, 1);
        double[] share = new double[n];
        Arrays.fill(share, 1.0 / n);
        int[] group = new int[n];
        for (int i = 0; i < n; i++) {
            group[i] = i % 3;
        }
        double[] totals = new double[2 * m.intervals()];
        double[] left = new double[3 * m.intervals()];
        report("dynamic key, 1 year", median(7, () -> Keys.dynamic(m, ones, totals)));
        report("static key, 1 year", median(7, () -> Keys.fixed(m, ones, share, totals)));
        report("priority key (3 groups), 1 year", median(7, () -> Keys.priority(m, ones, group, 3, left, totals)));
        // Naive: the API's records, grouped per interval in a map, one line object per member-interval. A month
        // (1/12 of the year) because the whole year does not fit in a reasonable heap that way.
        int month = m.intervals() / 12;
        List<MeterInterval> rows = new ArrayList<>(month * n);
        for (int t = 0; t < month; t++) {
            for (int i = 0; i < n; i++) {
                rows.add(new MeterInterval(
                        m.start(t), m.step(), m.member(i), 1000 * m.consumption(t, i), 1000 * m.generation(t, i)));
            }
        }
        double naive = median(3, () -> naiveDynamic(rows));
        System.out.printf(
                Locale.ROOT,
                "%-44s %9.3f s for one month, ≈ %.1f s for the year%n",
                "naive dynamic key (records, map, lines)",
                naive,
                naive * 12);
    }

    private static List<AllocationLine> naiveDynamic(List<MeterInterval> rows) {
        PolicyRef ref = new PolicyRef("bench", 1);
        Map<Instant, List<MeterInterval>> byStart = new TreeMap<>();
        for (MeterInterval r : rows) {
            byStart.computeIfAbsent(r.start(), k -> new ArrayList<>()).add(r);
        }
        List<AllocationLine> out = new ArrayList<>(rows.size());
        for (List<MeterInterval> interval : byStart.values()) {
            double g =
                    interval.stream().mapToDouble(MeterInterval::generationWh).sum();
            double c =
                    interval.stream().mapToDouble(MeterInterval::consumptionWh).sum();
            for (MeterInterval r : interval) {
                double a = c > 0 ? r.consumptionWh() * Math.min(1, g / c) : 0;
                out.add(new AllocationLine(r.start(), r.length(), r.memberId(), a, 0, ref, "dynamic"));
            }
        }
        return out;
    }

    private static void shapley(MeterTable day, double refTarget) {
        double[] ones = new double[day.members()];
        Arrays.fill(ones, 1);
        SavingsGame game = SavingsGame.of(day, ones, Prices.flat(0.30, 0.08));
        int mixed = 0;
        for (int t = 0; t < game.intervals(); t++) {
            mixed += game.mixed(t) ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "shapley: %s, %d mixed intervals, prices 0.30/0.08 EUR/kWh%n", day, mixed);
        long t0 = System.nanoTime();
        ShapleyResult ref =
                SampledShapley.compute(game, new SampledShapley.Budget(refTarget, 600_000, Long.MAX_VALUE, 12345));
        double refS = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "reference run: %d permutations in %.1f s, reported error %.4f %%%n",
                ref.permutations(),
                refS,
                100 * ref.relativeError());
        double abs = Arrays.stream(ref.total()).map(Math::abs).sum();
        double[] times = new double[7];
        double[] realised = new double[7];
        double[] reported = new double[7];
        long[] perms = new long[7];
        for (int k = 0; k < times.length; k++) {
            long s = System.nanoTime();
            ShapleyResult r =
                    SampledShapley.compute(game, new SampledShapley.Budget(0.01, 10_000, Long.MAX_VALUE, k + 1));
            times[k] = (System.nanoTime() - s) / 1e9;
            double err = 0;
            for (int i = 0; i < r.total().length; i++) {
                err += Math.abs(r.total()[i] - ref.total()[i]);
            }
            realised[k] = err / abs;
            reported[k] = r.relativeError();
            perms[k] = r.permutations();
        }
        System.out.printf(
                Locale.ROOT,
                "%-44s %9.3f s (median of 7; runs %s), permutations %s%n",
                "shapley sampled, target 1 %",
                med(times),
                fmtAll(times),
                Arrays.toString(perms));
        System.out.printf(
                Locale.ROOT,
                "  reported error Σ SE/Σ|φ| %s; realised Σ|φ̂−φ_ref|/Σ|φ_ref| %s%n",
                pctAll(reported),
                pctAll(realised));
        System.out.printf(
                Locale.ROOT,
                "  savings of the day v(N) = %.2f EUR%n",
                Arrays.stream(ref.total()).sum());
    }

    private static void exactSmall(double[][] load, double[] pv, int day) {
        for (int n : new int[] {8, 9}) {
            MeterTable m = community(n, load, pv, day, 48);
            double[] ones = new double[n];
            Arrays.fill(ones, 1);
            SavingsGame game = SavingsGame.of(m, ones, Prices.flat(0.30, 0.08));
            double ours = median(7, () -> ExactShapley.compute(game));
            double brute = median(3, () -> ShapleyByDefinition.compute(game));
            double[] a = ExactShapley.compute(game).total();
            double[] b = ShapleyByDefinition.compute(game);
            double diff = 0;
            for (int i = 0; i < n; i++) {
                diff = Math.max(diff, Math.abs(a[i] - b[i]));
            }
            System.out.printf(
                    Locale.ROOT,
                    "exact shapley n=%d × 96: ours %.4f s, brute-force permutations %.3f s "
                            + "(max difference %.1e EUR)%n",
                    n,
                    ours,
                    brute,
                    diff);
        }
        for (int n : new int[] {16, 20}) {
            MeterTable m = community(n, load, pv, day, 48);
            double[] ones = new double[n];
            Arrays.fill(ones, 1);
            SavingsGame game = SavingsGame.of(m, ones, Prices.flat(0.30, 0.08));
            System.out.printf(
                    Locale.ROOT,
                    "exact shapley n=%d × 96: totals %.3f s, per interval %.3f s%n",
                    n,
                    median(3, () -> ExactShapley.compute(game, false)),
                    median(3, () -> ExactShapley.compute(game, true)));
        }
    }

    /** n members × (halfHours × 2) quarter hours from the real series, starting at a half-hour offset. */
    static MeterTable community(int n, double[][] load, double[] pv, int offset, int halfHours) {
        int tt = halfHours * 2;
        double[] c = new double[n * tt];
        double[] g = new double[n * tt];
        String[] members = new String[n];
        int len = load[0].length;
        for (int i = 0; i < n; i++) {
            members[i] = String.format("m%04d", i);
            double[] h = load[i % load.length];
            int shift = (i / load.length) * 3 * 48; // three days per repetition
            double scale = 0.7 + 0.6 * ((i * 37) % 100) / 100.0;
            double pvSize = i % 100 == 0 ? 40 : (i % 10 < 3 ? 1 + (i % 7) * 0.5 : 0);
            for (int k = 0; k < halfHours; k++) {
                double l = h[(offset + k + shift) % len] * scale;
                double p = pv[(offset + k) % pv.length] * pvSize;
                for (int q = 0; q < 2; q++) {
                    int t = 2 * k + q;
                    c[t * n + i] = l / 2;
                    g[t * n + i] = p / 2;
                }
            }
        }
        return MeterTable.of(
                members,
                Instant.parse("2013-01-01T00:00:00Z").plus(Duration.ofMinutes(30L * offset)),
                Duration.ofMinutes(15),
                tt,
                c,
                g);
    }

    /** The last year of the 50 SGSC households, kWh per half hour; empty cells are 0. */
    static double[][] households(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int from = lines.size() - YEAR_HALF_HOURS;
        double[][] out = new double[50][YEAR_HALF_HOURS];
        for (int k = 0; k < YEAR_HALF_HOURS; k++) {
            String[] f = lines.get(from + k).split(",", -1);
            for (int h = 0; h < 50; h++) {
                out[h][k] = f[2 + h].isEmpty() ? 0 : Double.parseDouble(f[2 + h]);
            }
        }
        return out;
    }

    /** PV of one average home from the Ausgrid aggregate, April 2012 to March 2013, kWh per half hour. */
    static double[] pvPerHome(Path file) throws IOException {
        double[] out = new double[YEAR_HALF_HOURS];
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String line = r.readLine();
            int k = 0;
            // Align January: the SGSC year starts on 1 January, so start the PV year on 1 January 2012.
            while ((line = r.readLine()) != null && k < YEAR_HALF_HOURS) {
                if (line.compareTo("2012-01-01") < 0) {
                    continue;
                }
                out[k++] = Double.parseDouble(line.split(",")[2]) / 300;
            }
        }
        return out;
    }

    private static double median(int runs, Supplier<?> work) {
        double[] t = new double[runs];
        work.get(); // warm-up
        for (int k = 0; k < runs; k++) {
            long s = System.nanoTime();
            Object sink = work.get();
            t[k] = (System.nanoTime() - s) / 1e9;
            if (sink == null) {
                throw new IllegalStateException();
            }
        }
        return med(t);
    }

    private static double med(double[] t) {
        double[] s = t.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static void report(String what, double seconds) {
        System.out.printf(Locale.ROOT, "%-44s %9.3f s (median of 7)%n", what, seconds);
    }

    private static String fmtAll(double[] x) {
        StringBuilder b = new StringBuilder();
        for (double v : x) {
            b.append(b.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", v));
        }
        return b.toString();
    }

    private static String pctAll(double[] x) {
        StringBuilder b = new StringBuilder();
        for (double v : x) {
            b.append(b.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f%%", 100 * v));
        }
        return b.toString();
    }
}
