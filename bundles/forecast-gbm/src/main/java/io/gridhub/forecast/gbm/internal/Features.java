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
import java.util.Locale;

/**
 * The feature rows of the learned model for a target index {@code t} forecast at issue index {@code i0}, and the
 * model's target scale. Every value is computed from target values strictly before {@code i0}; exogenous series
 * contribute their past, and their values at the target time only when the caller supplied them over the whole
 * horizon (a forecast it vouches for). The same code builds training rows (at earlier issue indices) and
 * prediction rows, so the model never trains on anything it would not have at prediction time.
 *
 * <p>Two layouts. Load, price and other targets: calendar (weekday, public and school holidays), lags and rolling
 * means of the target, and the weather's past; for load the model may learn the target minus a seasonal baseline
 * (the mean of the same slot over the last 7 days, see {@link #baseline}) instead of the target itself. PV (with a
 * location): the model learns the <em>clear-sky index</em> {@code kt = PV / clear-sky irradiance} instead of raw PV,
 * so that the sun's daily and seasonal arc is known exactly
 * and the trees only learn the weather's share; its features are the last days' index at the same slot and as daily
 * means, a seasonal climatology of the index from earlier years, yesterday's weather profile and the day of year.
 */
final class Features {
    private static final int MAX_BACK = 8;
    /** Clear-sky irradiance (W/m²) below which a PV slot is treated as night: too little sun for a stable index. */
    static final double NIGHT_GHI = 15;
    /** Share of the history's energy in night slots above which a series does not follow the site's sun. */
    static final double MAX_NIGHT_SHARE = 0.1;

    private static final int CLIMATE_YEARS = 3;
    private static final int CLIMATE_HALF_WINDOW_DAYS = 15;

    private final Frame f;
    private final double[] y;
    private final int period;
    private final int week;
    private final boolean pv;
    private final boolean normalize;
    private final boolean holidayAsSunday;
    private final boolean schoolHolidays;
    private final boolean residual;
    private final boolean proxies;
    /** With {@code proxies}: the temperature and relative humidity known over the horizon, when both are. */
    private double[] aheadTemperature;

    private double[] aheadHumidity;
    private final List<double[]> pastExo = new ArrayList<>();
    private final List<double[]> aheadExo = new ArrayList<>();
    private final GeoLocation solar;
    private final double[] clearSky;
    private final double[] kt;
    private final Holidays holidays;
    private final List<String> names = new ArrayList<>();
    private final int issueWidth;
    private final double[] climateBuf = new double[CLIMATE_YEARS * (2 * CLIMATE_HALF_WINDOW_DAYS + 1)];

    /**
     * @param normalize load/price/other only: the model learns the target over its last week's mean (and sees the
     *                  lags on that scale), so a level shift between years does not move it off its training range
     */
    Features(Frame f, ForecastKind kind, GeoLocation location, boolean normalize, boolean holidayAsSunday) {
        this(f, kind, location, normalize, holidayAsSunday, false, false, false, null);
    }

    /**
     * @param schoolHolidays load/price/other: a column flags the target day's school vacation (NSW only)
     * @param loadResidual load only: the model learns the target minus its {@link #baseline}
     * @param weatherProxies exogenous series known over the horizon also give cloudiness proxies: their minimum
     *                       over the horizon, their change from the same time yesterday and, when a temperature and
     *                       a relative humidity are both known ahead (by name: {@code temp}, {@code humid}), the
     *                       dew-point spread (near 0: saturated air, cloud or rain)
     * @param clearSkyCache clear-sky values of an earlier frame with the same start, step, zone and location (the
     *                      index line is the same, so its values are too), or {@code null}; see
     *                      {@link #clearSkyValues()}
     */
    Features(
            Frame f,
            ForecastKind kind,
            GeoLocation location,
            boolean normalize,
            boolean holidayAsSunday,
            boolean schoolHolidays,
            boolean loadResidual,
            boolean weatherProxies,
            double[] clearSkyCache) {
        this.proxies = weatherProxies;
        this.holidayAsSunday = holidayAsSunday;
        this.schoolHolidays = schoolHolidays;
        this.f = f;
        this.y = f.y();
        this.period = f.period() > 0 ? f.period() : Math.max(1, f.steps());
        this.week = 7 * period;
        this.solar = kind == ForecastKind.PV ? location : null;
        this.holidays = location == null ? Holidays.NONE : Holidays.forZone(location.zone());
        this.clearSky = solar == null ? null : new double[f.length()];
        if (clearSky != null) {
            Arrays.fill(clearSky, Double.NaN);
            if (clearSkyCache != null) {
                System.arraycopy(clearSkyCache, 0, clearSky, 0, Math.min(clearSkyCache.length, clearSky.length));
            }
        }
        // The index needs a history that follows the site's sun: a series with much of its energy at night (a
        // wrong location or zone, a replay not aligned to the clock) is modelled as raw PV with the general layout.
        this.pv = solar != null && f.period() > 0 && nightShare() <= MAX_NIGHT_SHARE;
        this.normalize = normalize && !pv;
        this.residual = loadResidual && kind == ForecastKind.LOAD && !pv;
        this.kt = pv ? new double[f.length()] : null;
        if (pv) {
            for (int i = 0; i < kt.length; i++) {
                double cs = clearSky(i);
                kt[i] = cs > NIGHT_GHI && !Double.isNaN(y[i]) ? y[i] / cs : Double.NaN;
            }
        }
        issueWidth = pv ? pvNames() : generalNames();
    }

    Features(Frame f, ForecastKind kind, GeoLocation location) {
        this(f, kind, location, false, false);
    }

    /** Names the columns; returns how many of them are issue-level (they come first). */
    private int generalNames() {
        names.addAll(List.of("last", "mean_1d", "max_1d", "min_1d", "mean_7d"));
        if (normalize) {
            names.add("level_7d");
        }
        f.exogenous().forEach((name, v) -> {
            pastExo.add(v);
            names.addAll(List.of(name + "_last", name + "_mean_1d", name + "_max_1d", name + "_min_1d"));
        });
        aheadSummaryNames();
        if (solar != null) {
            names.addAll(List.of("kt_1d", "kt_7d"));
        }
        int width = names.size();
        names.addAll(List.of(
                "lead",
                "slot",
                "dow",
                "weekend",
                "doy_sin",
                "doy_cos",
                "lag_1d",
                "lag_2d",
                "lag_7d",
                "lag_14d",
                "mean_4_weekdays",
                "mean_7_days",
                "holiday",
                "holiday_lag_1d",
                "holiday_lag_7d"));
        if (schoolHolidays) {
            names.add("school_holiday");
        }
        f.exogenous().forEach((name, v) -> names.add(name + "_lag_1d"));
        aheadNames();
        if (solar != null) {
            names.addAll(List.of("clear_sky", "clear_sky_lag_1d", "kt_lag_1d"));
        }
        return width;
    }

    /** The exogenous series known over the horizon, summarized (mean, max) at the issue. */
    private void aheadSummaryNames() {
        f.exogenous().forEach((name, v) -> {
            if (knownOverHorizon(v)) {
                aheadExo.add(v);
                names.addAll(List.of(name + "_ahead_mean", name + "_ahead_max"));
                if (proxies) {
                    names.add(name + "_ahead_min");
                    String lower = name.toLowerCase(Locale.ROOT);
                    if (lower.contains("temp")) {
                        aheadTemperature = v;
                    } else if (lower.contains("humid")) {
                        aheadHumidity = v;
                    }
                }
            }
        });
        if (dewPoint()) {
            names.addAll(List.of("dewpoint_spread_ahead_mean", "dewpoint_spread_ahead_min"));
        }
    }

    private void aheadNames() {
        f.exogenous().forEach((name, v) -> {
            if (knownOverHorizon(v)) {
                names.add(name + "_at_target");
                if (proxies) {
                    names.add(name + "_change_1d");
                }
            }
        });
        if (dewPoint()) {
            names.add("dewpoint_spread_at_target");
        }
    }

    private boolean dewPoint() {
        return aheadTemperature != null && aheadHumidity != null;
    }

    /** The issue-level summary of the series known over the horizon, from {@code a[k]}; returns the next index. */
    private int aheadSummary(double[] a, int k, int i0) {
        int end = i0 + f.steps();
        for (double[] e : aheadExo) {
            a[k++] = Frame.mean(e, i0, end);
            a[k++] = Frame.max(e, i0, end);
            if (proxies) {
                a[k++] = Frame.min(e, i0, end);
            }
        }
        if (dewPoint()) {
            double sum = 0;
            double min = Double.NaN;
            int n = 0;
            for (int t = i0; t < end; t++) {
                double d = dewPointSpread(t);
                if (!Double.isNaN(d)) {
                    sum += d;
                    n++;
                    min = Double.isNaN(min) ? d : Math.min(min, d);
                }
            }
            a[k++] = n == 0 ? Double.NaN : sum / n;
            a[k++] = min;
        }
        return k;
    }

    /** The series known over the horizon at target {@code t}, from {@code out[k]}; returns the next index. */
    private int aheadAt(double[] out, int k, int t) {
        for (double[] e : aheadExo) {
            out[k++] = e[t];
            if (proxies) {
                out[k++] = t >= period ? e[t] - e[t - period] : Double.NaN;
            }
        }
        if (dewPoint()) {
            out[k++] = dewPointSpread(t);
        }
        return k;
    }

    /**
     * Temperature minus dew point (K) at {@code t}, by the Magnus formula (Sonntag's constants over water): a
     * cloudiness proxy, since cloud and rain come with nearly saturated air.
     */
    private double dewPointSpread(int t) {
        return dewPointSpread(aheadTemperature[t], aheadHumidity[t]);
    }

    /** Temperature ({@code °C}) minus the dew point of air at relative humidity {@code rh} (%); NaN if unknown. */
    static double dewPointSpread(double temp, double rh) {
        if (Double.isNaN(temp) || !(rh > 0)) {
            return Double.NaN;
        }
        double gamma = Math.log(Math.min(rh, 100) / 100) + 17.62 * temp / (243.12 + temp);
        return temp - 243.12 * gamma / (17.62 - gamma);
    }

    /** Names the PV columns; returns how many of them are issue-level (they come first). */
    private int pvNames() {
        names.addAll(List.of("kt_day_1", "kt_day_2", "kt_day_3", "kt_day_7"));
        f.exogenous().forEach((name, v) -> {
            pastExo.add(v);
            names.addAll(List.of(
                    name + "_last",
                    name + "_mean_1d",
                    name + "_max_1d",
                    name + "_min_1d",
                    name + "_mean_6h",
                    name + "_mean_2nd_day"));
        });
        aheadSummaryNames();
        int width = names.size();
        names.addAll(List.of(
                "lead",
                "slot",
                "doy_sin",
                "doy_cos",
                "clear_sky",
                "kt_lag_1d",
                "kt_lag_2d",
                "kt_lag_3d",
                "kt_median_14d",
                "kt_climate"));
        f.exogenous().forEach((name, v) -> names.add(name + "_lag_1d"));
        aheadNames();
        return width;
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

    boolean pv() {
        return pv;
    }

    /** Does the caller supply an exogenous series over the whole horizon (a forecast it vouches for)? */
    boolean exogenousAhead() {
        return !aheadExo.isEmpty();
    }

    /** The issue-level part for issue index {@code i0}. */
    double[] issue(int i0) {
        return pv ? issuePv(i0) : issueGeneral(i0);
    }

    private double[] issueGeneral(int i0) {
        double[] a = new double[issueWidth];
        int k = 0;
        double s = scale(i0);
        a[k++] = Frame.last(y, i0, period) / s;
        a[k++] = Frame.mean(y, i0 - period, i0) / s;
        a[k++] = Frame.max(y, i0 - period, i0) / s;
        a[k++] = Frame.min(y, i0 - period, i0) / s;
        a[k++] = Frame.mean(y, i0 - week, i0) / s;
        if (normalize) {
            a[k++] = s;
        }
        for (double[] e : pastExo) {
            a[k++] = Frame.last(e, i0, period);
            a[k++] = Frame.mean(e, i0 - period, i0);
            a[k++] = Frame.max(e, i0 - period, i0);
            a[k++] = Frame.min(e, i0 - period, i0);
        }
        k = aheadSummary(a, k, i0);
        if (solar != null) {
            a[k++] = clearnessIndex(i0 - period, i0);
            a[k++] = clearnessIndex(i0 - week, i0);
        }
        return a;
    }

    private double[] issuePv(int i0) {
        double[] a = new double[issueWidth];
        int k = 0;
        a[k++] = clearnessIndex(i0 - period, i0);
        a[k++] = clearnessIndex(i0 - 2 * period, i0 - period);
        a[k++] = clearnessIndex(i0 - 3 * period, i0 - 2 * period);
        a[k++] = clearnessIndex(i0 - week, i0);
        for (double[] e : pastExo) {
            a[k++] = Frame.last(e, i0, period);
            a[k++] = Frame.mean(e, i0 - period, i0);
            a[k++] = Frame.max(e, i0 - period, i0);
            a[k++] = Frame.min(e, i0 - period, i0);
            a[k++] = Frame.mean(e, i0 - period / 4, i0);
            a[k++] = Frame.mean(e, i0 - 2 * period, i0 - period);
        }
        aheadSummary(a, k, i0);
        return a;
    }

    /**
     * The divisor of the target for issue {@code i0}: the last week's mean when normalizing (1 when unknown or
     * not normalizing).
     */
    double scale(int i0) {
        if (!normalize) {
            return 1;
        }
        double m = Frame.mean(y, i0 - week, i0);
        return Double.isNaN(m) || m <= 0 ? 1 : m;
    }

    /** The model's label for target {@code t} issued at {@code i0}: NaN when the row teaches nothing. */
    double label(int i0, int t) {
        return pv ? kt[t] : (y[t] - baseline(i0, t)) / scale(i0);
    }

    /**
     * Load with {@code loadResidual}: the seasonal baseline that the model corrects, the mean of the target at the
     * same slot over the last 7 known days before the issue (the last week's mean when the slot has none, 0 when
     * nothing is known). Trees approximate "about what it was at this time lately" only in steps; learned as a
     * residual, that part is exact and the trees spend their splits on the day's deviation from it. Measured: 1.3–2.2
     * points of MAE further below persistence on the validation seasons, but 1.9–2.6 points less far on the test
     * seasons (docs/benchmarks.md), hence off by default. 0 for every other target.
     */
    double baseline(int i0, int t) {
        if (!residual) {
            return 0;
        }
        double b = Frame.meanBack(y, t, i0, period, 7, 10);
        if (Double.isNaN(b)) {
            b = Frame.mean(y, i0 - week, i0);
        }
        return Double.isNaN(b) ? 0 : b;
    }

    /** The training weight of a row, so that the model's loss on its label is the loss on the target itself. */
    double weight(int t) {
        return pv ? clearSky(t) : 1;
    }

    /** A model output for target {@code t} back on the target's own scale. */
    double toTarget(int i0, int t, double modelValue) {
        return pv ? modelValue * clearSky(t) : modelValue * scale(i0) + baseline(i0, t);
    }

    /** PV: is target {@code t} a night slot (no index modelled)? */
    boolean night(int t) {
        return pv && !(clearSky(t) > NIGHT_GHI);
    }

    /** PV: the clear-sky index at the same slot on the last known day before {@code i0} (persistence of kt). */
    double ktPersistence(int i0, int t) {
        return Frame.back(kt, t, i0, period, 1, MAX_BACK);
    }

    /** PV: the seasonal climatology of the clear-sky index at {@code t}, from earlier years only. */
    double ktClimate(int t) {
        int n = 0;
        int year = 365 * period;
        for (int k = 1; k <= CLIMATE_YEARS; k++) {
            for (int j = -CLIMATE_HALF_WINDOW_DAYS; j <= CLIMATE_HALF_WINDOW_DAYS; j++) {
                int i = t - k * year + j * period;
                if (i >= 0 && !Double.isNaN(kt[i])) {
                    climateBuf[n++] = kt[i];
                }
            }
        }
        return median(climateBuf, n);
    }

    /** Writes the full row for target index {@code t} issued at {@code i0} into {@code out} at {@code off}. */
    void row(int i0, int t, double[] issueFeatures, double[] out, int off) {
        if (pv) {
            rowPv(i0, t, issueFeatures, out, off);
            return;
        }
        System.arraycopy(issueFeatures, 0, out, off, issueWidth);
        int k = off + issueWidth;
        double s = scale(i0);
        out[k++] = t - i0;
        out[k++] = f.secondOfDay(t) / (double) f.stepSeconds();
        LocalDate day = f.localDate(t);
        boolean holiday = holidays.isHoliday(day);
        // A public holiday is a day off: coded as a Sunday, so that the few holidays of each kind learn from the
        // many Sundays (the holiday flag below still tells them apart).
        int dow = holiday && holidayAsSunday ? 6 : f.dayOfWeek(t);
        out[k++] = dow;
        out[k++] = dow >= 5 ? 1 : 0;
        double doy = dayOfYearAngle(t);
        out[k++] = Math.sin(doy);
        out[k++] = Math.cos(doy);
        out[k++] = Frame.back(y, t, i0, period, 1, MAX_BACK) / s;
        out[k++] = Frame.back(y, t, i0, period, 2, MAX_BACK) / s;
        out[k++] = Frame.back(y, t, i0, week, 1, 4) / s;
        out[k++] = Frame.back(y, t, i0, week, 2, 4) / s;
        out[k++] = Frame.meanBack(y, t, i0, week, 4, 6) / s;
        out[k++] = Frame.meanBack(y, t, i0, period, 7, 10) / s;
        out[k++] = holiday ? 1 : 0;
        out[k++] = holidays.isHoliday(day.minusDays(1)) ? 1 : 0;
        out[k++] = holidays.isHoliday(day.minusDays(7)) ? 1 : 0;
        if (schoolHolidays) {
            out[k++] = holidays.isSchoolHoliday(day) ? 1 : 0;
        }
        for (double[] e : pastExo) {
            out[k++] = Frame.back(e, t, i0, period, 1, MAX_BACK);
        }
        k = aheadAt(out, k, t);
        if (solar != null) {
            double cs = clearSky(t);
            int lag = t - period * Math.max(1, -Math.floorDiv(-(t - i0 + 1), period));
            double csLag = lag >= 0 ? clearSky(lag) : Double.NaN;
            out[k++] = cs;
            out[k++] = csLag;
            out[k++] = lag >= 0 && csLag > 20 && !Double.isNaN(y[lag]) ? y[lag] / csLag : Double.NaN;
        }
    }

    private void rowPv(int i0, int t, double[] issueFeatures, double[] out, int off) {
        System.arraycopy(issueFeatures, 0, out, off, issueWidth);
        int k = off + issueWidth;
        out[k++] = t - i0;
        out[k++] = f.secondOfDay(t) / (double) f.stepSeconds();
        double doy = dayOfYearAngle(t);
        out[k++] = Math.sin(doy);
        out[k++] = Math.cos(doy);
        out[k++] = clearSky(t);
        out[k++] = Frame.back(kt, t, i0, period, 1, MAX_BACK);
        out[k++] = Frame.back(kt, t, i0, period, 2, MAX_BACK);
        out[k++] = Frame.back(kt, t, i0, period, 3, MAX_BACK);
        out[k++] = medianBack(t, i0, 14);
        out[k++] = ktClimate(t);
        for (double[] e : pastExo) {
            out[k++] = Frame.back(e, t, i0, period, 1, MAX_BACK);
        }
        aheadAt(out, k, t);
    }

    private double dayOfYearAngle(int t) {
        return 2 * Math.PI * (Math.floorDiv(f.localSeconds(t), 86_400L) % 365.2425) / 365.2425;
    }

    /** Median of the clear-sky index at {@code t}'s slot over the last {@code days} days before {@code i0}. */
    private double medianBack(int t, int i0, int days) {
        int n = 0;
        int k = Math.max(1, -Math.floorDiv(-(t - i0 + 1), period));
        for (int d = 0; d < days; d++, k++) {
            int j = t - k * period;
            if (j < 0) {
                break;
            }
            if (!Double.isNaN(kt[j])) {
                climateBuf[n++] = kt[j];
            }
        }
        return median(climateBuf, n);
    }

    static double median(double[] v, int n) {
        if (n == 0) {
            return Double.NaN;
        }
        Arrays.sort(v, 0, n);
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
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

    /** Share of the history's (positive) energy in slots whose clear-sky irradiance is at most {@link #NIGHT_GHI}. */
    double nightShare() {
        double night = 0;
        double all = 0;
        for (int i = 0; i < f.issue(); i++) {
            if (y[i] > 0) {
                all += y[i];
                if (!(clearSky(i) > NIGHT_GHI)) {
                    night += y[i];
                }
            }
        }
        return all <= 0 ? 0 : night / all;
    }

    /** The clear-sky values computed so far (NaN where not), to hand to the next frame on the same line. */
    double[] clearSkyValues() {
        return clearSky;
    }

    /** Mean clear-sky GHI over interval {@code i}: the frame's local time, placed in the site's zone. */
    double clearSky(int i) {
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
