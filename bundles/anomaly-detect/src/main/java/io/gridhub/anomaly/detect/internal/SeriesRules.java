package io.gridhub.anomaly.detect.internal;

import static io.gridhub.anomaly.detect.internal.Report.duration;
import static io.gridhub.anomaly.detect.internal.Report.num;
import static io.gridhub.anomaly.detect.internal.Report.time;
import static io.gridhub.anomaly.detect.internal.Report.value;

import io.gridhub.api.anomaly.AnomalyKind;
import io.gridhub.api.anomaly.AnomalySeverity;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.PointKind;
import io.gridhub.api.model.Quantity;
import io.gridhub.api.model.Sample;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The rules that look at one series alone: stuck, spike, gap, out of range, sign flip and clock drift. */
final class SeriesRules {
    /** Assets whose power a person may hold constant (setpoints): never stuck, and their spikes are commands. */
    private static final Set<AssetKind> CONTROLLED =
            Set.of(AssetKind.BATTERY, AssetKind.FLEXIBLE_LOAD, AssetKind.EV_CHARGER, AssetKind.HEAT_PUMP);

    private final Thresholds th;
    private final Report report;

    SeriesRules(Thresholds th, Report report) {
        this.th = th;
        this.report = report;
    }

    /** A measured power flow (a meter, load, PV or grid measurement), the series stuck and spike look at. */
    static boolean measuredFlow(Track k) {
        return k.series.point().kind() == PointKind.MEASUREMENT
                && k.series.point().quantity() == Quantity.ACTIVE_POWER
                && (k.assetKind() == null || !CONTROLLED.contains(k.assetKind()));
    }

    /**
     * A value that repeats exactly (and is not 0) for at least {@code stuckSeconds} over enough samples, more often
     * than the series' own repeats at that level make plausible: a steady base load (a fridge at night, a vacant
     * home's standby) repeats at a meter's resolution for hours, a working load does not. With p the share of
     * consecutive samples at a similar level (half to one and a half times the value) outside the run that repeat,
     * a run of c samples is stuck when the window would hold fewer than 0.001 such runs by chance (n · p^(c−1)).
     * At or below the series' lower quartile (its base load) a run must also last three times as long.
     */
    void stuck(Track k) {
        if (!measuredFlow(k) || k.size() < th.stuckMinSamples()) {
            return;
        }
        int a = 0;
        for (int i = 1; i <= k.size(); i++) {
            boolean same = i < k.size() && k.v[i] == k.v[a];
            if (same) {
                continue;
            }
            int count = i - a;
            double span = k.t[i - 1] - k.t[a];
            double needed = Math.abs(k.v[a]) > baseOutside(k, a, i - 1) ? th.stuckSeconds() : 3 * th.stuckSeconds();
            if (k.v[a] != 0 && count >= th.stuckMinSamples() && span >= needed) {
                double p = repeatShare(k, a, i - 1);
                double chance = k.size() * Math.pow(p, count - 1);
                if (chance < 1e-3) {
                    String unit = k.series.point().unit();
                    report.add(
                            AnomalyKind.STUCK,
                            AnomalySeverity.MEDIUM,
                            k,
                            k.t[a],
                            k.t[i - 1],
                            k.id + " reported exactly " + value(k.v[a], unit) + " " + count + " times in a row for "
                                    + duration(span) + " (from " + time(k.t[a]) + "); at that level it repeats "
                                    + num(p * 100) + " % of the time otherwise, so a run this long is expected "
                                    + String.format(Locale.ROOT, "%.1g", chance) + " times in the window",
                            Math.max(1, Math.log(1e-3 / chance)));
                }
            }
            a = i;
        }
    }

    /**
     * The series' base load: the lower quartile of its absolute values, or of those outside {@code [first, last]}
     * when the run is most of the window (else it would be its own base); 0 when too few are left.
     */
    private double baseOutside(Track k, int first, int last) {
        if (2 * (last - first + 1) <= k.size()) {
            return k.absQuantile(0.25);
        }
        double[] out = new double[k.size() - (last - first + 1)];
        int j = 0;
        for (int i = 0; i < k.size(); i++) {
            if (i < first || i > last) {
                out[j++] = Math.abs(k.v[i]);
            }
        }
        return out.length < th.stuckMinSamples() ? 0 : Track.quantile(out, 0.25);
    }

    /** The share (Laplace-smoothed) of consecutive pairs at a level similar to the run's, outside it, that repeat. */
    private static double repeatShare(Track k, int first, int last) {
        double v = Math.abs(k.v[first]);
        int pairs = 0;
        int equal = 0;
        for (int i = 1; i < k.size(); i++) {
            if (i - 1 >= first && i <= last) {
                continue;
            }
            double x = Math.abs(k.v[i - 1]);
            if (x >= 0.5 * v && x <= 1.5 * v) {
                pairs++;
                equal += k.v[i] == k.v[i - 1] ? 1 : 0;
            }
        }
        return (equal + 1.0) / (pairs + 2.0);
    }

    /** A single value that leaves both neighbours by far more than the series usually jumps and returns. */
    void spike(Track k) {
        if (!measuredFlow(k) || k.size() < 5) {
            return;
        }
        double cadence = k.cadence();
        double scale = Math.max(Math.max(k.jumpQuantile(0.99), k.absQuantile(0.99)), 1e-6);
        double limit = th.spikeFactor() * scale;
        String unit = k.series.point().unit();
        double[] sorted = k.v.clone();
        Arrays.sort(sorted);
        for (int i = 1; i + 1 < k.size(); i++) {
            double up = k.v[i] - k.v[i - 1];
            double down = k.v[i] - k.v[i + 1];
            double m = Math.min(Math.abs(up), Math.abs(down));
            boolean close = k.t[i + 1] - k.t[i - 1] <= 4 * cadence;
            // Beyond every other value of the window by a quarter: a household's kettle and oven in one interval
            // jump as far from their neighbours, but not past everything the series did.
            double other = secondOf(sorted, k.v[i], up > 0);
            boolean beyond = up > 0 ? k.v[i] > other + 0.25 * Math.abs(other) : k.v[i] < other - 0.25 * Math.abs(other);
            if (close
                    && beyond
                    && Math.signum(up) == Math.signum(down)
                    && m > limit
                    && Math.abs(k.v[i + 1] - k.v[i - 1]) <= 0.5 * m) {
                report.add(
                        AnomalyKind.SPIKE,
                        AnomalySeverity.LOW,
                        k,
                        k.t[i],
                        k.t[i] + Math.min(cadence, k.t[i + 1] - k.t[i]),
                        k.id + " jumped to " + value(k.v[i], unit) + " at " + time(k.t[i]) + " between "
                                + value(k.v[i - 1], unit) + " and " + value(k.v[i + 1], unit) + ": "
                                + num(m / scale) + " times its usual jump of " + value(scale, unit)
                                + " (the 99th percentile of its jumps or of its values in the window, the larger), "
                                + "the limit is "
                                + num(th.spikeFactor()),
                        m / limit);
            }
        }
    }

    /** The largest (or smallest) value of the sorted window other than one occurrence of {@code v}. */
    private static double secondOf(double[] sorted, double v, boolean largest) {
        int n = sorted.length;
        if (largest) {
            return sorted[n - 1] == v ? sorted[n - 2] : sorted[n - 1];
        }
        return sorted[0] == v ? sorted[1] : sorted[0];
    }

    /**
     * Silences far longer than the series' usual sampling interval; in a live window, also since the last sample.
     * Not for EV chargers, which report during sessions only.
     */
    void gap(Track k, double windowEnd, boolean live) {
        PointKind kind = k.series.point().kind();
        // A charger reports its meter values during charging sessions only (OCPP): its silences are idle time.
        boolean sessions = k.assetKind() == AssetKind.EV_CHARGER;
        if ((kind != PointKind.MEASUREMENT && kind != PointKind.ENERGY_COUNTER) || sessions || k.size() < 3) {
            return;
        }
        double cadence = k.cadence();
        double limit = Math.max(th.gapFactor() * cadence, th.gapMinSeconds());
        for (int i = 1; i < k.size(); i++) {
            double dt = k.t[i] - k.t[i - 1];
            if (dt > limit) {
                gapFinding(k, k.t[i - 1], k.t[i], cadence, limit, "");
            }
        }
        double silent = windowEnd - k.t[k.size() - 1];
        if (live && silent > limit) {
            gapFinding(k, k.t[k.size() - 1], windowEnd, cadence, limit, " and nothing has come since");
        }
    }

    private void gapFinding(Track k, double from, double to, double cadence, double limit, String tail) {
        double dt = to - from;
        long missing = Math.max(1, Math.round(dt / cadence) - 1);
        report.add(
                AnomalyKind.GAP,
                dt > 3600 ? AnomalySeverity.MEDIUM : AnomalySeverity.LOW,
                k,
                from,
                to,
                k.id + " was silent for " + duration(dt) + " after " + time(from) + tail + ": about " + missing
                        + " samples at its usual interval of " + duration(cadence) + " are missing (a gap is "
                        + "longer than " + duration(limit) + ")",
                dt / limit);
    }

    /**
     * Values beyond what the point can physically measure: the quantity's own bounds (state of charge, power
     * factor, frequency, humidity), power beyond the asset's rating, a feeder's beyond three times its limit, and
     * samples the ingest already flagged out of range.
     */
    void range(Track k, double feederLimitW) {
        double[] bounds = bounds(k, feederLimitW);
        String unit = k.series.point().unit();
        if (bounds != null) {
            boolean[] out = new boolean[k.size()];
            for (int i = 0; i < k.size(); i++) {
                out[i] = k.v[i] < bounds[0] || k.v[i] > bounds[1];
            }
            for (Runs r : Runs.of(out, 2)) {
                double worst = k.v[r.first()];
                int count = 0;
                for (int i = r.first(); i <= r.last(); i++) {
                    if (out[i]) {
                        count++;
                        worst = excess(k.v[i], bounds) > excess(worst, bounds) ? k.v[i] : worst;
                    }
                }
                double width = bounds[1] - bounds[0];
                report.add(
                        AnomalyKind.OUT_OF_RANGE,
                        AnomalySeverity.HIGH,
                        k,
                        k.t[r.first()],
                        k.t[r.last()],
                        k.id + " reported " + count + " value(s) outside its physical range "
                                + value(bounds[0], unit) + " … " + value(bounds[1], unit) + " from "
                                + time(k.t[r.first()]) + ", the furthest " + value(worst, unit) + " ("
                                + bounds(k, feederLimitW, true) + ")",
                        1 + excess(worst, bounds) / Math.max(width, 1e-9));
            }
        }
        List<Sample> flagged = k.flaggedOutOfRange;
        if (!flagged.isEmpty()) {
            Sample first = flagged.get(0);
            Sample last = flagged.get(flagged.size() - 1);
            report.add(
                    AnomalyKind.OUT_OF_RANGE,
                    AnomalySeverity.HIGH,
                    k,
                    Track.seconds(first.sourceTime()),
                    Track.seconds(last.sourceTime()),
                    k.id + ": the ingest flagged " + flagged.size() + " sample(s) out of range from "
                            + first.sourceTime() + ", e.g. " + value(first.value(), unit) + " ("
                            + first.quality().detail() + ")",
                    1);
        }
    }

    private static double excess(double v, double[] b) {
        return v < b[0] ? b[0] - v : v > b[1] ? v - b[1] : 0;
    }

    private double[] bounds(Track k, double feederLimitW) {
        Quantity q = k.series.point().quantity();
        return switch (q) {
            case STATE_OF_CHARGE, RELATIVE_HUMIDITY -> new double[] {-0.5, 100.5};
            case POWER_FACTOR -> new double[] {-1.001, 1.001};
            case FREQUENCY -> new double[] {40, 70};
            case ACTIVE_POWER -> {
                double max = powerBound(k, feederLimitW);
                yield max > 0 ? new double[] {-max, max} : null;
            }
            default -> null;
        };
    }

    private double powerBound(Track k, double feederLimitW) {
        if (k.ratedW() > 0) {
            return th.ratingFactor() * k.ratedW();
        }
        AssetKind a = k.assetKind();
        if (a == AssetKind.METER || a == AssetKind.LOAD) {
            return th.meterMaxW();
        }
        return a == null && feederLimitW > 0 ? 3 * feederLimitW : 0;
    }

    private String bounds(Track k, double feederLimitW, boolean why) {
        Quantity q = k.series.point().quantity();
        if (q != Quantity.ACTIVE_POWER) {
            return "the bounds of " + q.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
        if (k.ratedW() > 0) {
            return num(th.ratingFactor()) + " × the asset's rating of " + value(k.ratedW(), "W");
        }
        return k.assetKind() == null
                ? "3 × the feeder's limit of " + value(feederLimitW, "W")
                : "the largest power a connection without a rating may carry";
    }

    /**
     * A one-way asset (a load, PV, a meter with nothing behind it that can deliver) running the wrong way for a
     * sustained stretch: the typical sign of a current transformer mounted the wrong way round.
     */
    void signFlip(Track k, boolean oneWay) {
        if (!oneWay || k.series.point().quantity() != Quantity.ACTIVE_POWER || k.size() < th.signFlipMinSamples()) {
            return;
        }
        double tol = Math.max(0.02 * k.absQuantile(0.95), 10);
        boolean[] wrong = new boolean[k.size()];
        for (int i = 0; i < k.size(); i++) {
            wrong[i] = k.v[i] < -tol;
        }
        double cadence = k.cadence();
        String unit = k.series.point().unit();
        for (Runs r : Runs.of(wrong, 2)) {
            int count = 0;
            double sum = 0;
            for (int i = r.first(); i <= r.last(); i++) {
                if (wrong[i]) {
                    count++;
                    sum += k.v[i];
                }
            }
            double span = k.t[r.last()] - k.t[r.first()] + cadence;
            if (count >= th.signFlipMinSamples() && span >= th.signFlipSeconds() && count >= 0.8 * r.length()) {
                report.add(
                        AnomalyKind.SIGN_FLIP,
                        AnomalySeverity.HIGH,
                        k,
                        k.t[r.first()],
                        k.t[r.last()] + cadence,
                        k.id + " ran the wrong way for " + duration(span) + " from " + time(k.t[r.first()])
                                + ": " + count + " negative values averaging " + value(sum / count, unit)
                                + " on an asset that only " + (k.assetKind() == AssetKind.PV ? "produces" : "consumes")
                                + " (a reversed current transformer or a swapped sign in its mapping?)",
                        span / th.signFlipSeconds());
            }
        }
    }

    /**
     * Source time against arrival time: a source clock ahead of the hub's (a sample from the future), or arrival
     * delays growing beyond the series' usual delay while samples keep arriving one by one (a clock falling
     * behind). A batch of history pushed at once arrives at one time and is no drift.
     */
    void clockDrift(Track k) {
        int n = k.size();
        if (n < th.clockMinSamples()) {
            return;
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = k.received[i] - k.t[i];
        }
        double usual = Track.quantile(d, 0.5);
        boolean[] off = new boolean[n];
        for (int i = 0; i < n; i++) {
            off[i] = -d[i] > th.clockAheadSeconds() || Math.abs(d[i] - usual) > th.clockDriftSeconds();
        }
        for (Runs r : Runs.of(off, 1)) {
            if (r.length() < th.clockMinSamples()) {
                continue;
            }
            int worst = r.first();
            boolean ahead = false;
            for (int i = r.first(); i <= r.last(); i++) {
                ahead |= -d[i] > th.clockAheadSeconds();
                worst = Math.abs(d[i] - usual) > Math.abs(d[worst] - usual) ? i : worst;
            }
            double sourceSpan = k.t[r.last()] - k.t[r.first()];
            double arrivalSpan = k.received[r.last()] - k.received[r.first()];
            if (!ahead && arrivalSpan < 0.25 * sourceSpan) {
                continue; // history pushed in one batch
            }
            double offset = -d[worst];
            String how = offset > 0
                    ? "ahead of its arrival by " + duration(offset)
                    : "behind its arrival by " + duration(-offset);
            report.add(
                    AnomalyKind.CLOCK_DRIFT,
                    AnomalySeverity.MEDIUM,
                    k,
                    k.t[r.first()],
                    k.t[r.last()],
                    k.id + "'s source clock drifted over " + r.length() + " samples from " + time(k.t[r.first()])
                            + ": at worst its source time was " + how + " (usually the delay is "
                            + duration(usual) + "; tolerated " + duration(th.clockAheadSeconds()) + " ahead, "
                            + duration(th.clockDriftSeconds()) + " off the usual)",
                    Math.abs(d[worst] - usual) / th.clockDriftSeconds());
        }
    }
}
