package io.gridhub.bench.anomaly;

import io.gridhub.anomaly.detect.internal.TelemetryDetector;
import io.gridhub.api.anomaly.AnomalyDetector;
import io.gridhub.api.anomaly.AnomalyKind;
import io.gridhub.api.anomaly.DetectionWindow;
import io.gridhub.api.anomaly.Finding;
import io.gridhub.bench.anomaly.Injector.Label;
import io.gridhub.bench.anomaly.Injector.Params;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Scores the telemetry detector on the real series of the shared data (docs/anomalies.md, "Evaluation"): labelled
 * anomalies of every telemetry kind injected into 7-day windows, precision and recall per kind, and false alarms
 * per 100 point-days on the same windows without injections. Two sets: the tuning period (2012-07-02, 26 weeks,
 * the ranges the thresholds were chosen on) and a held-back period (2013-01-07, 12 weeks, other seeds and harder
 * ranges the detector was not tuned on).
 *
 * <p>A finding is a true positive when it matches a label of its kind (a shared point, windows overlapping within
 * one interval); one that matches only another kind's label is secondary (a stuck meter also unbalances its
 * feeder) and counts neither way; the rest are false positives. A label is recalled when a finding of its kind
 * matches it.
 */
public final class AnomalyBench {
    private static final int WEEK = 7 * 48;

    private AnomalyBench() {}

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
        AnomalyDetector detector = new TelemetryDetector();
        run(
                "tuning: 2012-07-02 + 26 weeks, tuning ranges, seed 1",
                detector,
                data,
                Instant.parse("2012-07-01T14:00:00Z"),
                26,
                Params.TUNING,
                1);
        run(
                "held back: 2013-01-07 + 12 weeks, harder ranges, seed 2",
                detector,
                data,
                Instant.parse("2013-01-06T13:00:00Z"),
                12,
                Params.HELD_BACK,
                2);
    }

    private static final class Score {
        int labels;
        int recalled;
        int tp;
        int fp;
        int secondary;
        int clean;
    }

    static void run(
            String title, AnomalyDetector detector, Path data, Instant start, int weeks, Params params, long seed)
            throws IOException {
        long t0 = System.nanoTime();
        BenchField clean = BenchField.load(data, start, weeks * 7, seed);
        Map<AnomalyKind, Score> scores = new EnumMap<>(AnomalyKind.class);
        for (AnomalyKind k : AnomalyKind.values()) {
            scores.put(k, new Score());
        }
        Random rnd = new Random(seed);
        Injector injector = new Injector(params, rnd);
        int series = clean.channels.size();
        List<String> misses = new ArrayList<>();
        List<String> falseOnes = new ArrayList<>();
        for (int w = 0; w < weeks; w++) {
            int w0 = w * WEEK;
            int w1 = w0 + WEEK;
            for (Finding f : detector.detect(clean.window(w0, w1))) {
                scores.get(f.kind()).clean++;
                falseOnes.add("clean " + f.kind() + " " + f.points().get(0) + " " + f.from() + ": " + f.explanation());
            }
            BenchField dirty = clean.copy();
            List<Label> labels = injector.inject(dirty, w0, w1);
            DetectionWindow window = dirty.window(w0, w1);
            List<Finding> findings = detector.detect(window);
            for (Finding f : findings) {
                Score s = scores.get(f.kind());
                if (labels.stream().anyMatch(l -> l.kind() == f.kind() && match(f, l))) {
                    s.tp++;
                } else if (labels.stream().anyMatch(l -> match(f, l))) {
                    s.secondary++;
                } else {
                    s.fp++;
                    falseOnes.add("injected-set " + f.kind() + " " + f.points().get(0) + " " + f.from() + ": "
                            + f.explanation());
                }
            }
            for (Label l : labels) {
                Score s = scores.get(l.kind());
                s.labels++;
                if (findings.stream().anyMatch(f -> f.kind() == l.kind() && match(f, l))) {
                    s.recalled++;
                } else {
                    misses.add("missed " + l.kind() + " " + l.points() + " " + Instant.ofEpochSecond((long) l.from())
                            + " .. " + Instant.ofEpochSecond((long) l.to()));
                }
            }
        }
        double pointDays = series * weeks * 7.0;
        System.out.println("\n### " + title);
        System.out.println(String.format(
                Locale.ROOT,
                "%d series, %d windows of 7 days, %.0f point-days, %.1f s%n",
                series,
                weeks,
                pointDays,
                (System.nanoTime() - t0) / 1e9));
        System.out.println("| kind | injected | recalled | recall | findings | true | secondary | false | precision "
                + "| clean false alarms | per 100 point-days |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        int cleanTotal = 0;
        for (Map.Entry<AnomalyKind, Score> e : scores.entrySet()) {
            Score s = e.getValue();
            cleanTotal += s.clean;
            if (s.labels == 0 && s.tp + s.fp + s.secondary + s.clean == 0) {
                continue;
            }
            System.out.println(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %s | %d | %d | %d | %d | %s | %d | %.2f |",
                    e.getKey(),
                    s.labels,
                    s.recalled,
                    ratio(s.recalled, s.labels),
                    s.tp + s.fp + s.secondary,
                    s.tp,
                    s.secondary,
                    s.fp,
                    ratio(s.tp, s.tp + s.fp),
                    s.clean,
                    s.clean / pointDays * 100));
        }
        System.out.println(String.format(
                Locale.ROOT,
                "%nclean data: %d findings in %.0f point-days = %.2f per 100 " + "point-days",
                cleanTotal,
                pointDays,
                cleanTotal / pointDays * 100));
        if (Boolean.getBoolean("bench.verbose")) {
            misses.forEach(System.out::println);
            falseOnes.forEach(System.out::println);
        }
    }

    private static String ratio(int a, int b) {
        return b == 0 ? "–" : String.format(Locale.ROOT, "%.2f", (double) a / b);
    }

    /** A shared point and windows overlapping within one interval. */
    static boolean match(Finding f, Label l) {
        double from = f.from().getEpochSecond();
        double to = f.to().getEpochSecond();
        return f.points().stream().anyMatch(l.points()::contains)
                && from <= l.to() + BenchField.STEP
                && l.from() <= to + BenchField.STEP;
    }
}
