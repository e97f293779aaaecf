package io.gridhub.forecast.gbm.internal;

import io.gridhub.api.forecast.ForecastKind;
import io.gridhub.api.forecast.GeoLocation;
import io.gridhub.forecast.common.Frame;
import io.gridhub.forecast.common.Holidays;
import io.gridhub.forecast.common.SolarGeometry;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The feature rows of the learned model for a target index {@code t} forecast at issue index {@code i0}. Every
 * value is computed from target values strictly before {@code i0}; exogenous series contribute their past, and
 * their values at the target time only when the caller supplied them over the whole horizon (a forecast it
 * vouches for). The same code builds training rows (at earlier issue indices) and prediction rows, so the model
 * never trains on anything it would not have at prediction time.
 */
final class Features {
    private static final int MAX_BACK = 8;

    private final Frame f;
    private final double[] y;
    private final int period;
    private final int week;
    private final List<double[]> pastExo = new ArrayList<>();
    private final List<double[]> aheadExo = new ArrayList<>();
    private final GeoLocation solar;
    private final double[] clearSky;
    private final Holidays holidays;
    private final List<String> names = new ArrayList<>();
    private final int issueWidth;

    Features(Frame f, ForecastKind kind, GeoLocation location) {
        this.f = f;
        this.y = f.y();
        this.period = f.period() > 0 ? f.period() : Math.max(1, f.steps());
        this.week = 7 * period;
        this.solar = kind == ForecastKind.PV ? location : null;
        this.holidays = location == null ? Holidays.NONE : Holidays.forZone(location.zone());
        this.clearSky = solar == null ? null : new double[f.length()];
        if (clearSky != null) {
            Arrays.fill(clearSky, Double.NaN);
        }
        // Issue-level features (the same for every target of one issue).
        names.addAll(List.of("last", "mean_1d", "max_1d", "min_1d", "mean_7d"));
        f.exogenous().forEach((name, v) -> {
            pastExo.add(v);
            names.addAll(List.of(name + "_last", name + "_mean_1d", name + "_max_1d", name + "_min_1d"));
        });
        f.exogenous().forEach((name, v) -> {
            if (knownOverHorizon(v)) {
                aheadExo.add(v);
                names.addAll(List.of(name + "_ahead_mean", name + "_ahead_max"));
            }
        });
        if (solar != null) {
            names.addAll(List.of("kt_1d", "kt_7d"));
        }
        issueWidth = names.size();
        // Target-level features.
        names.addAll(List.of("lead", "slot", "dow", "weekend", "doy_sin", "doy_cos", "lag_1d", "lag_2d",
                "lag_7d", "lag_14d", "mean_4_weekdays", "mean_7_days", "holiday", "holiday_lag_1d", "holiday_lag_7d"));
        f.exogenous().forEach((name, v) -> names.add(name + "_lag_1d"));
        f.exogenous().forEach((name, v) -> {
            if (knownOverHorizon(v)) {
                names.add(name + "_at_target");
            }
        });
        if (solar != null) {
            names.addAll(List.of("clear_sky", "clear_sky_lag_1d", "kt_lag_1d"));
        }
    }

    private boolean knownOverHorizon(double[] v) {
        int last = f.issue() + f.steps() - 1;
        return !Double.isNaN(v[f.issue()]) && !Double.isNaN(v[last]);
    }

    List<String> names() {
        return names;
    }

    int width() {
        return names.size();
    }

    /** The issue-level part for issue index {@code i0}. */
    double[] issue(int i0) {
        double[] a = new double[issueWidth];
        int k = 0;
        a[k++] = Frame.last(y, i0, period);
        a[k++] = Frame.mean(y, i0 - period, i0);
        a[k++] = Frame.max(y, i0 - period, i0);
        a[k++] = Frame.min(y, i0 - period, i0);
        a[k++] = Frame.mean(y, i0 - week, i0);
        for (double[] e : pastExo) {
            a[k++] = Frame.last(e, i0, period);
            a[k++] = Frame.mean(e, i0 - period, i0);
            a[k++] = Frame.max(e, i0 - period, i0);
            a[k++] = Frame.min(e, i0 - period, i0);
        }
        for (double[] e : aheadExo) {
            a[k++] = Frame.mean(e, i0, i0 + f.steps());
            a[k++] = Frame.max(e, i0, i0 + f.steps());
        }
        if (solar != null) {
            a[k++] = clearnessIndex(i0 - period, i0);
            a[k++] = clearnessIndex(i0 - week, i0);
        }
        return a;
    }

    /** Writes the full row for target index {@code t} issued at {@code i0} into {@code out} at {@code off}. */
    void row(int i0, int t, double[] issueFeatures, double[] out, int off) {
        System.arraycopy(issueFeatures, 0, out, off, issueWidth);
        int k = off + issueWidth;
        out[k++] = t - i0;
        out[k++] = f.secondOfDay(t) / (double) f.stepSeconds();
        int dow = f.dayOfWeek(t);
        out[k++] = dow;
        out[k++] = dow >= 5 ? 1 : 0;
        double doy = 2 * Math.PI * (Math.floorDiv(f.localSeconds(t), 86_400L) % 365.2425) / 365.2425;
        out[k++] = Math.sin(doy);
        out[k++] = Math.cos(doy);
        out[k++] = Frame.back(y, t, i0, period, 1, MAX_BACK);
        out[k++] = Frame.back(y, t, i0, period, 2, MAX_BACK);
        out[k++] = Frame.back(y, t, i0, week, 1, 4);
        out[k++] = Frame.back(y, t, i0, week, 2, 4);
        out[k++] = Frame.meanBack(y, t, i0, week, 4, 6);
        out[k++] = Frame.meanBack(y, t, i0, period, 7, 10);
        LocalDate day = f.localDate(t);
        out[k++] = holidays.isHoliday(day) ? 1 : 0;
        out[k++] = holidays.isHoliday(day.minusDays(1)) ? 1 : 0;
        out[k++] = holidays.isHoliday(day.minusDays(7)) ? 1 : 0;
        for (double[] e : pastExo) {
            out[k++] = Frame.back(e, t, i0, period, 1, MAX_BACK);
        }
        for (double[] e : aheadExo) {
            out[k++] = e[t];
        }
        if (solar != null) {
            double cs = clearSky(t);
            int lag = t - period * Math.max(1, -Math.floorDiv(-(t - i0 + 1), period));
            double csLag = lag >= 0 ? clearSky(lag) : Double.NaN;
            out[k++] = cs;
            out[k++] = csLag;
            out[k++] = lag >= 0 && csLag > 20 && !Double.isNaN(y[lag]) ? y[lag] / csLag : Double.NaN;
        }
    }

    /** Target energy over clear-sky irradiation in {@code [from, to)}: a daily clear-sky index (unscaled). */
    private double clearnessIndex(int from, int to) {
        double sy = 0;
        double sc = 0;
        for (int i = Math.max(0, from); i < to; i++) {
            double cs = clearSky(i);
            if (!Double.isNaN(y[i]) && cs > 0) {
                sy += y[i];
                sc += cs;
            }
        }
        return sc <= 0 ? Double.NaN : sy / sc;
    }

    /** Mean clear-sky GHI over interval {@code i}: the frame's local time, placed in the site's zone. */
    private double clearSky(int i) {
        double v = clearSky[i];
        if (Double.isNaN(v)) {
            LocalDateTime local = LocalDateTime.ofEpochSecond(f.localSeconds(i), 0, ZoneOffset.UTC);
            Instant start = local.atZone(solar.zone()).toInstant();
            v = SolarGeometry.meanClearSkyGhi(solar.latitude(), solar.longitude(), start, f.stepSeconds());
            clearSky[i] = v;
        }
        return v;
    }
}
