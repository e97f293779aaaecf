package io.gridhub.anomaly.detect.internal;

import static io.gridhub.anomaly.detect.internal.Report.duration;
import static io.gridhub.anomaly.detect.internal.Report.num;
import static io.gridhub.anomaly.detect.internal.Report.time;
import static io.gridhub.anomaly.detect.internal.Report.value;

import io.gridhub.api.anomaly.AnomalyKind;
import io.gridhub.api.anomaly.AnomalySeverity;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.Feeder;
import java.util.ArrayList;
import java.util.List;

/** The rules across series: a feeder against its meters, a battery's state of charge against its power. */
final class GridRules {
    private final Thresholds th;
    private final Report report;

    GridRules(Thresholds th, Report report) {
        this.th = th;
        this.report = report;
    }

    /**
     * The feeder's measured power against the sum of the meters of the sites on it (each meter's value in force at
     * the feeder's sample times) plus the expected losses; a difference beyond the tolerance held for at least
     * {@code imbalanceSeconds} is an imbalance. Only when every site on the feeder has a metered series.
     */
    void energyImbalance(Feeder feeder, Track measured, List<Track> meters, List<String> members) {
        if (measured.size() < 2 || meters.isEmpty()) {
            return;
        }
        int n = measured.size();
        double[] sum = new double[n];
        boolean[] off = new boolean[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (Track m : meters) {
                s += m.valueAt(measured.t[i]);
            }
            sum[i] = s;
            if (!Double.isNaN(s)) {
                double expected = s + th.lossFraction() * Math.abs(s);
                double tolerance = Math.max(th.imbalanceMinW(), th.imbalanceFraction() * Math.abs(s));
                off[i] = Math.abs(measured.v[i] - expected) > tolerance;
            }
        }
        double cadence = measured.cadence();
        for (Runs r : Runs.of(off, 1)) {
            double span = measured.t[r.last()] - measured.t[r.first()] + cadence;
            if (span < th.imbalanceSeconds() || r.length() < 2) {
                continue;
            }
            double f = 0;
            double s = 0;
            int count = 0;
            for (int i = r.first(); i <= r.last(); i++) {
                if (!Double.isNaN(sum[i])) {
                    f += measured.v[i];
                    s += sum[i];
                    count++;
                }
            }
            f /= count;
            s /= count;
            double share = Math.abs(s) > 1 ? (f - s) / Math.abs(s) * 100 : Double.NaN;
            List<String> points = new ArrayList<>();
            points.add(measured.id);
            meters.forEach(m -> points.add(m.id));
            report.add(
                    AnomalyKind.ENERGY_IMBALANCE,
                    AnomalySeverity.HIGH,
                    points,
                    members,
                    measured.t[r.first()],
                    measured.t[r.last()] + cadence,
                    "feeder " + feeder.id() + " measured " + value(f, "W") + " on average for " + duration(span)
                            + " from " + time(measured.t[r.first()]) + ", while its " + meters.size()
                            + " meters added up to " + value(s, "W") + ": a difference of " + value(f - s, "W")
                            + (Double.isNaN(share) ? "" : " (" + num(share) + " %)") + ", beyond the "
                            + num(th.lossFraction() * 100) + " % expected losses ± "
                            + num(th.imbalanceFraction() * 100) + " % (at least " + value(th.imbalanceMinW(), "W")
                            + ")",
                    span / th.imbalanceSeconds());
        }
    }

    /**
     * The battery's state of charge against its integrated power, stretch by stretch of {@code socSegmentSeconds}
     * (half overlapping): a change the power does not explain within the tolerance is inconsistent.
     */
    void soc(Asset battery, Track soc, Track power, String member) {
        double cap = battery.energyCapacityWh();
        if (cap <= 0 || soc.size() < 2 || power.size() < 1) {
            return;
        }
        int n = soc.size();
        boolean[] bad = new boolean[n];
        double worstGap = 0;
        double worstMeasured = 0;
        double worstPredicted = 0;
        double worstFrom = 0;
        double worstTo = 0;
        for (int a = 0; a < n; ) {
            int b = a;
            while (b + 1 < n && soc.t[b] - soc.t[a] < th.socSegmentSeconds()) {
                b++;
            }
            if (soc.t[b] - soc.t[a] < 0.75 * th.socSegmentSeconds()) {
                break;
            }
            double predicted = -integrate(power, soc.t[a], soc.t[b]) / cap * 100;
            double measured = soc.v[b] - soc.v[a];
            double gap = Math.abs(measured - predicted);
            if (!Double.isNaN(predicted)
                    && gap > th.socTolerancePct() + th.socRelativeTolerance() * Math.abs(predicted)) {
                for (int i = a; i <= b; i++) {
                    bad[i] = true;
                }
                if (gap > worstGap) {
                    worstGap = gap;
                    worstMeasured = measured;
                    worstPredicted = predicted;
                    worstFrom = soc.t[a];
                    worstTo = soc.t[b];
                }
            }
            int next = a;
            while (next < b && soc.t[next] - soc.t[a] < th.socSegmentSeconds() / 2) {
                next++;
            }
            a = Math.max(next, a + 1);
        }
        for (Runs r : Runs.of(bad, 0)) {
            report.add(
                    AnomalyKind.SOC_INCONSISTENT,
                    AnomalySeverity.MEDIUM,
                    List.of(soc.id, power.id),
                    List.of(member),
                    soc.t[r.first()],
                    soc.t[r.last()],
                    battery.id() + "'s state of charge does not follow its power from " + time(soc.t[r.first()])
                            + " to " + time(soc.t[r.last()]) + ": at worst it changed by " + num(worstMeasured)
                            + " points from " + time(worstFrom) + " to " + time(worstTo) + " where its power ("
                            + Report.energy(cap) + " capacity) explains "
                            + num(worstPredicted) + " points (tolerated " + num(th.socTolerancePct()) + " points + "
                            + num(th.socRelativeTolerance() * 100) + " %)",
                    worstGap / (th.socTolerancePct() + th.socRelativeTolerance() * Math.abs(worstPredicted)));
        }
    }

    /**
     * The energy into the battery's terminals in Wh over {@code [from, to]}, each power sample held until the next
     * (discharge positive): charging stores {@code efficiency} of what flows in, discharging takes {@code
     * 1/efficiency} of what flows out. NaN before the first power sample.
     */
    private double integrate(Track p, double from, double to) {
        if (p.size() == 0 || p.t[0] > from + p.cadence()) {
            return Double.NaN;
        }
        double e = 0;
        double eta = th.batteryEfficiency();
        for (int i = 0; i < p.size(); i++) {
            double start = Math.max(p.t[i], from);
            double end = Math.min(i + 1 < p.size() ? p.t[i + 1] : to, to);
            if (end > start) {
                double w = p.v[i];
                e += (w > 0 ? w / eta : w * eta) * (end - start) / 3600;
            }
        }
        return e;
    }
}
