package io.gridhub.forecast.runner.internal;

import io.gridhub.api.model.TimeSeries;
import io.gridhub.api.strategy.ShadowComparison;
import io.gridhub.api.strategy.ShadowFigure;
import io.gridhub.api.strategy.ShadowPoint;
import io.gridhub.api.strategy.StrategyRole;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The shadow forecaster's forecasts beside the active one's from the same runs, kept in memory per target for the
 * last {@code keep} of issue times (one entry per issue time: the newest run's, counting the runs it stands for),
 * and their comparison with what was then measured. Never published, never handed to the loop. Thread-safe.
 */
final class ShadowForecasts {
    /** The measured value of a target over the interval starting at an instant; {@code NaN} when not known. */
    interface Actuals {
        double at(String target, Instant intervalStart);
    }

    /** Both P50s of the newest run for one issue time, and how many runs of the same pair it stands for. */
    private record Run(
            Instant at, String active, String shadow, TimeSeries activeP50, TimeSeries shadowP50, int runs) {}

    private final Duration keep;
    private final Map<String, TreeMap<Instant, Run>> byTarget = new TreeMap<>();

    ShadowForecasts(Duration keep) {
        this.keep = keep;
    }

    /** Keeps a run's two forecasts of a target ({@code active} and {@code shadow}: {@code name version}). */
    synchronized void add(String target, Instant at, String active, String shadow, TimeSeries a, TimeSeries s) {
        TreeMap<Instant, Run> runs = byTarget.computeIfAbsent(target, k -> new TreeMap<>());
        Instant issue = a.start();
        Run old = runs.get(issue);
        int n = old != null && old.active().equals(active) && old.shadow().equals(shadow) ? old.runs() + 1 : 1;
        runs.put(issue, new Run(at, active, shadow, a, s, n));
        runs.headMap(issue.minus(keep)).clear();
    }

    /**
     * The P50's mean absolute error and bias (forecast − actual), in kW, of {@code active} and {@code shadow} per
     * target, over the runs since {@code since} in which both of them forecast, on every step whose actual is known
     * (each such step is one of the comparison's points, in W); empty when they have no such run.
     */
    synchronized Optional<ShadowComparison> compare(String active, String shadow, Instant since, Actuals actuals) {
        List<ShadowFigure> figures = new ArrayList<>();
        List<ShadowPoint> points = new ArrayList<>();
        int cycles = 0;
        int others = 0;
        Instant first = null;
        Instant last = null;
        for (Map.Entry<String, TreeMap<Instant, Run>> e : byTarget.entrySet()) {
            String target = e.getKey();
            Errors a = new Errors();
            Errors s = new Errors();
            int runs = 0;
            for (Run r : e.getValue().values()) {
                if (r.at().isBefore(since)) {
                    continue;
                }
                if (!r.active().equals(active) || !r.shadow().equals(shadow)) {
                    others += r.runs();
                    continue;
                }
                runs += r.runs();
                first = first == null || r.at().isBefore(first) ? r.at() : first;
                last = last == null || r.at().isAfter(last) ? r.at() : last;
                TimeSeries ap = r.activeP50();
                TimeSeries sp = r.shadowP50();
                for (int i = 0; i < Math.min(ap.size(), sp.size()); i++) {
                    double x = actuals.at(target, ap.timeAt(i));
                    if (Double.isFinite(x) && Double.isFinite(ap.value(i)) && Double.isFinite(sp.value(i))) {
                        a.add(ap.value(i) - x);
                        s.add(sp.value(i) - x);
                        points.add(new ShadowPoint(target, ap.timeAt(i), x, ap.value(i), sp.value(i)));
                    }
                }
            }
            if (runs == 0) {
                continue;
            }
            cycles = Math.max(cycles, runs);
            figures.add(new ShadowFigure("mae", target, "kW", a.mae(), s.mae(), a.n));
            figures.add(new ShadowFigure("bias", target, "kW", a.bias(), s.bias(), a.n));
        }
        if (last == null) {
            return Optional.empty();
        }
        String note = "P50 against the measured interval averages, on every step measured so far of the newest "
                + "forecast per issue time; bias is forecast minus actual; runs kept in memory for "
                + keep.toDays()
                + " days (first compared run "
                + first
                + ")"
                + (others > 0 ? "; " + others + " runs with another active or shadow version left out" : "");
        return Optional.of(new ShadowComparison(
                StrategyRole.FORECAST, active, shadow, since, last, cycles, figures, note, points));
    }

    /** Errors in W, summed: MAE and bias in kW. */
    private static final class Errors {
        private double absolute;
        private double signed;
        private int n;

        void add(double e) {
            absolute += Math.abs(e);
            signed += e;
            n++;
        }

        double mae() {
            return n == 0 ? Double.NaN : absolute / n / 1000;
        }

        double bias() {
            return n == 0 ? Double.NaN : signed / n / 1000;
        }
    }
}
