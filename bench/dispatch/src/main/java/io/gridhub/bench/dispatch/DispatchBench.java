package io.gridhub.bench.dispatch;

import io.gridhub.api.dispatch.Scenario;
import io.gridhub.cli.dispatch.ScenarioGenerator;
import io.gridhub.cli.dispatch.ScenarioReader;
import io.gridhub.dispatch.common.Optimizer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times dispatch (model build + solve, and the whole plan with its explanation) for community sizes from real data
 * (the community-day preset scaled: 60 % PV, 20 % home batteries, 10 % EVs and flexible loads, a community battery,
 * two feeders; 15-minute steps). Next to GLOP, the hub's LP solver, the same model with HiGHS (is the default
 * backend the right one?) and the naive model with one variable per PV system and battery (what merging
 * interchangeable assets buys).
 *
 * <p>Usage: {@code java -cp … DispatchBench DATA_DIR [RUNS] [SIZES…]} with sizes like {@code 100x96};
 * {@code -Dvariants=GLOP,HIGHS_LP,CLP,GLOP/per-asset}, {@code -Dall=true} runs per-asset at every size.
 */
public final class DispatchBench {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private DispatchBench() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> sizes = args.length > 2
                ? Arrays.asList(args).subList(2, args.length)
                : List.of("100x96", "1000x96", "1000x672");
        // A variant is a backend, optionally "/per-asset": one variable per PV system and battery instead of one per
        // group of interchangeable ones (the naive model; skipped above 100,000 member-steps, it takes minutes).
        List<String> variants = List.of(
                System.getProperty("variants", "GLOP,HIGHS_LP,GLOP/per-asset").split(","));
        // The strategy by name through its public seam; OR-Tools' natives load with the first plan (build and solve
        // times never include it; the first run's plan time does, hence medians).
        Optimizer lp = Optimizer.load("lp-optimizer");
        ScenarioGenerator gen = new ScenarioGenerator(data);
        System.out.println(
                "size        variant            vars    rows  build ms  solve ms   plan ms    cpu ms   objective EUR"
                        + " (medians of " + runs
                        + " runs; plan = build + solve + explanation and baseline, wall clock; cpu ="
                        + " the plan's CPU time in the calling thread)");
        for (String size : sizes) {
            String[] mn = size.split("x");
            int members = Integer.parseInt(mn[0]);
            int steps = Integer.parseInt(mn[1]);
            var preset = ScenarioGenerator.scaled(
                    ScenarioGenerator.PRESETS.get("community-day"), members, 15, steps * 15 / 60);
            Scenario s = ScenarioReader.parse(gen.generate(preset).toString(), size);
            for (String variant : variants) {
                boolean perAsset = variant.endsWith("/per-asset");
                if (perAsset && (long) members * steps > 100_000 && !Boolean.getBoolean("all")) {
                    continue;
                }
                String solver = variant.replace("/per-asset", "");
                Optimizer d = lp.variant(solver, !perAsset);
                List<long[]> times = new ArrayList<>();
                Optimizer.Outcome last = null;
                for (int r = 0; r < runs; r++) {
                    long c0 = CPU.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    last = d.optimize(s, false);
                    long total = (System.nanoTime() - t0) / 1_000_000;
                    long cpu = (CPU.getCurrentThreadCpuTime() - c0) / 1_000_000;
                    times.add(new long[] {last.buildMillis(), last.solveMillis(), total, cpu});
                }
                System.out.printf(
                        Locale.ROOT,
                        "%-11s %-16s %7d %7d %9d %9d %9d %9d   %s%n",
                        size,
                        variant,
                        last.variables(),
                        last.constraints(),
                        median(times, 0),
                        median(times, 1),
                        median(times, 2),
                        median(times, 3),
                        last.objective() == null
                                ? "no plan: " + last.plan().explanation().summary()
                                : String.format(Locale.ROOT, "%.4f", last.objective()));
            }
        }
    }

    private static long median(List<long[]> t, int i) {
        long[] x = t.stream().mapToLong(a -> a[i]).sorted().toArray();
        return x[x.length / 2];
    }
}
