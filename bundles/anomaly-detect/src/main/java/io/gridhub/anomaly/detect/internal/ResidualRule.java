package io.gridhub.anomaly.detect.internal;

import static io.gridhub.anomaly.detect.internal.Report.duration;
import static io.gridhub.anomaly.detect.internal.Report.num;
import static io.gridhub.anomaly.detect.internal.Report.time;
import static io.gridhub.anomaly.detect.internal.Report.value;

import io.gridhub.api.anomaly.AnomalyKind;
import io.gridhub.api.anomaly.AnomalySeverity;
import io.gridhub.api.model.AssetKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The learned detector: forecast residuals. Each value is forecast from the same time of day on the window's other
 * days (their median: a daily profile learned from the window itself, leaving the day out), and the residuals'
 * spread is learned too (1.4826 × their median absolute deviation). A stretch of residuals beyond {@code learnedZ}
 * of that spread is unusual for this series, whatever rule it may or may not break. Windows of at least three days
 * of a regular series only.
 */
final class ResidualRule {
    private static final double DAY = 86_400;

    private final Thresholds th;
    private final Report report;

    ResidualRule(Thresholds th, Report report) {
        this.th = th;
        this.report = report;
    }

    void check(Track k) {
        // Grid measurements and shared meters only: a household's own day varies too much for a profile of a week
        // (its abrupt changes are the settlement checks' profile changes).
        boolean aggregate = k.assetKind() == null || k.series.member().isEmpty();
        if (!aggregate
                || !SeriesRules.measuredFlow(k)
                || k.assetKind() == AssetKind.PV
                || k.size() < 3 * th.learnedMinSamples()) {
            return;
        }
        double cadence = k.cadence();
        if (!(cadence >= 60) || DAY % Math.round(cadence) != 0 || k.t[k.size() - 1] - k.t[0] < 3 * DAY - cadence) {
            return;
        }
        long step = Math.round(cadence);
        Map<Long, List<Integer>> bySlot = new HashMap<>();
        for (int i = 0; i < k.size(); i++) {
            long slot = Math.floorMod(Math.round(k.t[i]), (long) DAY) / step;
            bySlot.computeIfAbsent(slot, x -> new ArrayList<>()).add(i);
        }
        double[] forecast = new double[k.size()];
        double[] residual = new double[k.size()];
        for (List<Integer> same : bySlot.values()) {
            for (int i : same) {
                double[] others = same.stream()
                        .filter(j -> j != i)
                        .mapToDouble(j -> k.v[j])
                        .toArray();
                forecast[i] = others.length == 0 ? Double.NaN : Track.quantile(others, 0.5);
                residual[i] = k.v[i] - forecast[i];
            }
        }
        double[] abs =
                Arrays.stream(residual).filter(Double::isFinite).map(Math::abs).toArray();
        double spread = Math.max(1.4826 * Track.quantile(abs, 0.5), 0.05 * k.absQuantile(0.95));
        if (!(spread > 0)) {
            return;
        }
        boolean[] unusual = new boolean[k.size()];
        for (int i = 0; i < k.size(); i++) {
            unusual[i] = Math.abs(residual[i]) > th.learnedZ() * spread;
        }
        String unit = k.series.point().unit();
        for (Runs r : Runs.of(unusual, 1)) {
            double span = k.t[r.last()] - k.t[r.first()] + cadence;
            if (r.length() < th.learnedMinSamples() || span < th.learnedSeconds()) {
                continue;
            }
            double sumV = 0;
            double sumF = 0;
            for (int i = r.first(); i <= r.last(); i++) {
                sumV += k.v[i];
                sumF += forecast[i];
            }
            int n = r.length();
            report.add(
                    AnomalyKind.LEARNED,
                    AnomalySeverity.LOW,
                    k,
                    k.t[r.first()],
                    k.t[r.last()] + cadence,
                    k.id + " averaged " + value(sumV / n, unit) + " for " + duration(span) + " from "
                            + time(k.t[r.first()]) + " where its usual profile at those times of day gives "
                            + value(sumF / n, unit) + ": residuals beyond " + num(th.learnedZ())
                            + " robust standard deviations (" + value(spread, unit) + ") of its own",
                    Math.abs(sumV - sumF) / n / (th.learnedZ() * spread));
        }
    }
}
