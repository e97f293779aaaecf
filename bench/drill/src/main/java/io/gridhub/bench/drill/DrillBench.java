package io.gridhub.bench.drill;

import io.gridhub.api.dispatch.Scenario;
import io.gridhub.cli.dispatch.ScenarioReader;
import io.gridhub.drill.DrillEngine;
import io.gridhub.drill.DrillReport;
import io.gridhub.drill.DrillSpec;
import io.gridhub.drill.DrillSpec.Event;
import io.gridhub.drill.DrillSpec.LoadClass;
import io.gridhub.drill.DrillSpec.Method;
import io.gridhub.drill.DrillSpec.Uncertainty;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The issue-22 benchmark: N outage drills (Monte Carlo samples, load ±20 %, PV ±40 % P10…P90) over 50 members × 24 h
 * at 15-minute steps (config/dispatch/quarter-hour-day-scenario.json, the whole day islanded), solved by the island
 * merit-order simulation and by a full drill LP per sample, on the same threads. Arguments: scenario file, samples
 * (default 1000), LP samples (default the same), threads (default 2).
 */
public final class DrillBench {
    private DrillBench() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "config/dispatch/quarter-hour-day-scenario.json");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int lpRuns = args.length > 2 ? Integer.parseInt(args[2]) : runs;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        Scenario sc = ScenarioReader.read(file);
        Map<String, LoadClass> classes = new LinkedHashMap<>();
        for (int i = 0; i < sc.community().members().size(); i++) {
            // Every member's load 20 % critical (at least 150 W); shed priorities 1 … 9 round the members.
            classes.put(sc.community().members().get(i).id(), new LoadClass(150, 0.2, 1 + i % 9));
        }
        DrillEngine engine = DrillEngine.standalone(threads);
        System.out.printf(
                Locale.ROOT,
                "scenario %s: %d members × %d steps of %d min; %d threads%n",
                sc.id(),
                sc.community().members().size(),
                sc.steps(),
                sc.step().toMinutes(),
                threads);
        // Warm-up (JIT, OR-Tools natives), not timed.
        engine.run(sc, spec(classes, 20, Method.MERIT_ORDER));
        engine.run(sc, spec(classes, 4, Method.LP));
        DrillReport fast = engine.run(sc, spec(classes, runs, Method.MERIT_ORDER));
        DrillReport lp = engine.run(sc, spec(classes, lpRuns, Method.LP));
        print("merit-order", fast);
        print("lp", lp);
        double perFast = (double) fast.elapsedMillis() / fast.runsCompleted();
        double perLp = (double) lp.elapsedMillis() / lp.runsCompleted();
        System.out.printf(
                Locale.ROOT,
                "per sample: merit-order %.2f ms, LP %.1f ms (%.0f×); %d LP samples would take %.1f s%n",
                perFast,
                perLp,
                perLp / perFast,
                runs,
                perLp * runs / 1000);
    }

    private static void print(String name, DrillReport r) {
        var f = r.communityFigures();
        System.out.printf(
                Locale.ROOT,
                "%-11s %5d samples in %7.2f s: critical survival P10/P50/P90 %.2f/%.2f/%.2f h, critical not served "
                        + "P50 %.2f kWh, all P50 %.2f kWh, reserve %.1f kWh%n",
                name,
                r.runsCompleted(),
                r.elapsedMillis() / 1000.0,
                f.survivalHours().p10(),
                f.survivalHours().p50(),
                f.survivalHours().p90(),
                f.criticalNotServedKWh().p50(),
                f.notServedKWh().p50(),
                r.recommendation().reserveWh() / 1000);
    }

    private static DrillSpec spec(Map<String, LoadClass> classes, int runs, Method m) {
        return new DrillSpec(
                "bench",
                null,
                List.of(Event.outage(null, null)),
                LoadClass.DEFAULT,
                classes,
                new Uncertainty(0.2, 0.4, Map.of()),
                runs,
                1,
                Duration.ofHours(1),
                m);
    }
}
