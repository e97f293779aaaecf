package io.gridhub.anomaly.detect.internal;

import static io.gridhub.anomaly.detect.internal.Report.duration;
import static io.gridhub.anomaly.detect.internal.Report.num;
import static io.gridhub.anomaly.detect.internal.Report.time;
import static io.gridhub.anomaly.detect.internal.Report.value;

import io.gridhub.api.anomaly.AnomalyKind;
import io.gridhub.api.anomaly.AnomalySeverity;
import io.gridhub.api.forecast.GeoLocation;
import io.gridhub.forecast.common.SolarGeometry;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * PV against the sun (forecast-common's {@link SolarGeometry}, the same sun the forecasts use): production while
 * the sun is below the horizon, and a clear day's yield far below what the plant makes of clear-sky irradiance.
 */
public final class PvRules {
    /** The sun at least this far below the horizon over a whole sample interval is night (sin of −3°). */
    private static final double NIGHT_COS_ZENITH = Math.sin(Math.toRadians(-3));
    /** Clear-sky irradiance (W/m²) from which a sample counts as daylight for the day's yield. */
    private static final double DAYLIGHT_GHI = 50;
    /** A day needs this much daylight in the window to be judged. */
    private static final double MIN_DAYLIGHT_SECONDS = 6 * 3600;

    private final Thresholds th;
    private final Report report;
    private final GeoLocation at;

    PvRules(Thresholds th, Report report, GeoLocation at) {
        this.th = th;
        this.report = report;
        this.at = at;
    }

    private boolean night(double t, double length) {
        double lat = at.latitude();
        double lon = at.longitude();
        long s = (long) t;
        return SolarGeometry.cosZenith(lat, lon, s) < NIGHT_COS_ZENITH
                && SolarGeometry.cosZenith(lat, lon, s + (long) (length / 2)) < NIGHT_COS_ZENITH
                && SolarGeometry.cosZenith(lat, lon, s + (long) length) < NIGHT_COS_ZENITH;
    }

    /** Production above a small share of the plant's rating (else its peak in the window) while the sun is down. */
    void atNight(Track k) {
        if (k.size() < 2) {
            return;
        }
        double cadence = k.cadence();
        double reference = k.ratedW() > 0 ? k.ratedW() : k.absQuantile(1.0);
        boolean daylightSeen = false;
        boolean[] night = new boolean[k.size()];
        for (int i = 0; i < k.size(); i++) {
            night[i] = night(k.t[i], cadence);
            daylightSeen |= !night[i];
        }
        if (k.ratedW() <= 0 && !daylightSeen) {
            return; // no reference for what "producing" means
        }
        double limit = Math.max(th.pvNightMinW(), th.pvNightFraction() * reference);
        boolean[] producing = new boolean[k.size()];
        for (int i = 0; i < k.size(); i++) {
            producing[i] = night[i] && k.v[i] > limit;
        }
        String unit = k.series.point().unit();
        for (Runs r : Runs.of(producing, 1)) {
            double span = k.t[r.last()] - k.t[r.first()] + cadence;
            if (r.length() < 2 || span < th.pvNightSeconds()) {
                continue;
            }
            double max = 0;
            for (int i = r.first(); i <= r.last(); i++) {
                max = Math.max(max, k.v[i]);
            }
            report.add(
                    AnomalyKind.PV_AT_NIGHT,
                    AnomalySeverity.MEDIUM,
                    k,
                    k.t[r.first()],
                    k.t[r.last()] + cadence,
                    k.id + " produced up to " + value(max, unit) + " for " + duration(span) + " from "
                            + time(k.t[r.first()]) + " while the sun was more than 3° below the horizon at "
                            + num(at.latitude()) + "°, " + num(at.longitude()) + "° (the limit is "
                            + value(limit, unit) + ", " + num(th.pvNightFraction() * 100) + " % of "
                            + (k.ratedW() > 0 ? "its rating" : "its peak in the window") + ")",
                    max / limit);
        }
    }

    private record Day(LocalDate date, double from, double to, double yield, double clearSky, double correlation) {
        double ratio() {
            return yield / clearSky;
        }
    }

    /**
     * Per local day with at least 6 h of daylight in the window: the yield per clear-sky irradiance, and how well
     * the day's shape follows the clear-sky curve (a clear day's does). A clear day below {@code pvUnderRatio} of
     * the best other clear day in the window (else of the rating at {@code pvPerformanceRatio}) underperforms.
     */
    void underperforming(Track k) {
        double cadence = k.cadence();
        if (k.size() < 6 || !(cadence > 0)) {
            return;
        }
        Map<LocalDate, List<Integer>> byDay = new TreeMap<>();
        double[] cs = new double[k.size()];
        for (int i = 0; i < k.size(); i++) {
            cs[i] = SolarGeometry.meanClearSkyGhi(
                    at.latitude(), at.longitude(), Track.instant(k.t[i]), Math.max(1, (long) cadence));
            if (cs[i] > DAYLIGHT_GHI) {
                LocalDate d =
                        Instant.ofEpochSecond((long) k.t[i]).atZone(at.zone()).toLocalDate();
                byDay.computeIfAbsent(d, x -> new ArrayList<>()).add(i);
            }
        }
        List<Day> days = new ArrayList<>();
        for (Map.Entry<LocalDate, List<Integer>> e : byDay.entrySet()) {
            List<Integer> idx = e.getValue();
            if (idx.size() < 6 || idx.size() * cadence < MIN_DAYLIGHT_SECONDS) {
                continue;
            }
            double y = 0;
            double c = 0;
            double[] pv = new double[idx.size()];
            double[] sky = new double[idx.size()];
            for (int j = 0; j < idx.size(); j++) {
                pv[j] = Math.max(0, k.v[idx.get(j)]);
                sky[j] = cs[idx.get(j)];
                y += pv[j];
                c += sky[j];
            }
            days.add(new Day(
                    e.getKey(), k.t[idx.get(0)], k.t[idx.get(idx.size() - 1)] + cadence, y, c, correlation(pv, sky)));
        }
        String unit = k.series.point().unit();
        for (Day d : days) {
            if (!(d.correlation() >= th.pvClearCorrelation())) {
                continue;
            }
            double reference = 0;
            String against = "";
            for (Day o : days) {
                if (o != d && o.correlation() >= th.pvClearCorrelation() && o.ratio() > reference) {
                    reference = o.ratio();
                    against = "the best other clear day in the window (" + o.date() + ")";
                }
            }
            if (reference == 0 && k.ratedW() > 0) {
                reference = k.ratedW() * th.pvPerformanceRatio() / 1000;
                against = "its rating of " + value(k.ratedW(), unit) + " at a performance ratio of "
                        + num(th.pvPerformanceRatio());
            }
            if (reference > 0 && d.ratio() < th.pvUnderRatio() * reference) {
                double share = d.ratio() / reference * 100;
                report.add(
                        AnomalyKind.PV_UNDERPERFORMING,
                        AnomalySeverity.MEDIUM,
                        k,
                        d.from(),
                        d.to(),
                        k.id + " made " + num(share) + " % of its clear-sky expectation on " + d.date()
                                + ", a clear day (its output follows the clear-sky curve, correlation "
                                + num(d.correlation()) + "): " + value(d.ratio(), unit) + " per W/m² of clear-sky "
                                + "irradiance against " + value(reference, unit) + " on " + against
                                + "; the limit is " + num(th.pvUnderRatio() * 100) + " %",
                        th.pvUnderRatio() * reference / Math.max(d.ratio(), 1e-9));
            }
        }
    }

    /** Pearson's correlation of two series of equal length; 0 when either is constant (bench/anomaly uses it too). */
    public static double correlation(double[] x, double[] y) {
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i] / n;
            my += y[i] / n;
        }
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
    }
}
