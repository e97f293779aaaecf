package io.gridhub.forecast.gbm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridhub.api.forecast.Forecast;
import io.gridhub.api.forecast.ForecastKind;
import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.api.forecast.GeoLocation;
import io.gridhub.api.model.TimeSeries;
import io.gridhub.forecast.common.Frame;
import io.gridhub.forecast.common.SolarGeometry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class GbmForecasterTest {
    private static final Instant START = Instant.parse("2012-01-02T00:00:00Z"); // a Monday
    private static final Duration STEP = Duration.ofMinutes(30);
    private static final GeoLocation SYDNEY = new GeoLocation(-33.95, 151.18, ZoneId.of("Australia/Sydney"));

    /** 10 weeks of a daily shape, lower at weekends, driven by a temperature series, with noise. */
    static double[][] synthetic(long seed) {
        int n = 70 * 48;
        double[] y = new double[n];
        double[] temp = new double[n];
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            int slot = i % 48;
            int dow = (i / 48) % 7;
            temp[i] = 22 + 6 * Math.sin(2 * Math.PI * (slot - 18) / 48.0) + 4 * Math.sin(i / 300.0);
            y[i] = 100
                    + 40 * Math.sin(2 * Math.PI * (slot - 12) / 48.0)
                    - (dow >= 5 ? 20 : 0)
                    + 3 * Math.max(0, temp[i] - 24)
                    + r.nextGaussian() * 3;
        }
        return new double[][] {y, temp};
    }

    static ForecastRequest request(double[] y, double[] temp, int issue, ForecastKind kind) {
        Instant t = START.plus(STEP.multipliedBy(issue));
        return new ForecastRequest(
                "test",
                kind,
                new TimeSeries(START, STEP, "kWh", t, Arrays.copyOf(y, issue)),
                Map.of("temperature", new TimeSeries(START, STEP, "Cel", t, Arrays.copyOf(temp, issue))),
                t,
                Duration.ofDays(1),
                ZoneOffset.UTC,
                SYDNEY);
    }

    private static GbmForecaster small() {
        return small("regression", GbmForecaster.PvCombine.MODEL);
    }

    /** A week between refits, 60 days of training, few rounds: quick, and enough for the synthetic series. */
    private static GbmForecaster small(String p50Objective, GbmForecaster.PvCombine combine) {
        return new GbmForecaster(new GbmForecaster.Settings(
                Duration.ofDays(7), 60, 100, 50, 0.1, 15, 1, p50Objective, false, false, 0, combine, 0, 1));
    }

    @Test
    void learnsTheShapeBetterThanPersistenceAndOrdersItsQuantiles() {
        double[][] d = synthetic(1);
        int issue = 63 * 48;
        try (GbmForecaster g = small()) {
            Forecast f = g.forecast("lightgbm", request(d[0], d[1], issue, ForecastKind.LOAD));
            assertThat(f.p50().size()).isEqualTo(48);
            assertThat(f.p50().start()).isEqualTo(START.plus(STEP.multipliedBy(issue)));
            double mae = 0;
            double persistence = 0;
            for (int h = 0; h < 48; h++) {
                assertThat(f.p10().value(h)).isLessThanOrEqualTo(f.p50().value(h));
                assertThat(f.p50().value(h)).isLessThanOrEqualTo(f.p90().value(h));
                mae += Math.abs(f.p50().value(h) - d[0][issue + h]);
                persistence += Math.abs(d[0][issue + h - 48] - d[0][issue + h]);
            }
            // The issue day is a Monday: yesterday was a Sunday, so persistence is 20 off all day.
            assertThat(mae).isLessThan(persistence / 2);
        }
    }

    @Test
    void refitsOnItsCadenceAndNeverReusesAModelForAnEarlierIssue() {
        double[][] d = synthetic(2);
        try (GbmForecaster g = small()) {
            g.forecast("m", request(d[0], d[1], 56 * 48, ForecastKind.LOAD));
            g.forecast("m", request(d[0], d[1], 57 * 48, ForecastKind.LOAD));
            assertThat(g.fits()).isEqualTo(1);
            g.forecast("m", request(d[0], d[1], 63 * 48, ForecastKind.LOAD));
            assertThat(g.fits()).isEqualTo(2);
            g.forecast("m", request(d[0], d[1], 60 * 48, ForecastKind.LOAD));
            assertThat(g.fits())
                    .as("an earlier issue than the fit: refit, never peek")
                    .isEqualTo(3);
        }
    }

    @Test
    void noLeakageChangingEveryValueFromTheIssueOnChangesNothing() {
        double[][] d = synthetic(3);
        int issue = 60 * 48 + 14; // 07:00, not midnight
        double[][] p = {d[0].clone(), d[1].clone()};
        Random r = new Random(9);
        for (int i = issue; i < p[0].length; i++) {
            p[0][i] = r.nextDouble() * 1000;
            p[1][i] = r.nextDouble() * 50;
        }
        // A fresh forecaster per series, each first fitted at an earlier issue and then reused: the cached
        // model and the features must both be blind to the future.
        try (GbmForecaster a = small();
                GbmForecaster b = small()) {
            a.forecast("m", fullRequest(d, issue - 48, ForecastKind.PV));
            b.forecast("m", fullRequest(p, issue - 48, ForecastKind.PV));
            Forecast fa = a.forecast("m", fullRequest(d, issue, ForecastKind.PV));
            Forecast fb = b.forecast("m", fullRequest(p, issue, ForecastKind.PV));
            assertThat(a.fits()).isEqualTo(1);
            assertThat(fb).isEqualTo(fa);
        }
    }

    /** As a caller would build it: history cut at the issue, exogenous cut at the issue too. */
    private static ForecastRequest fullRequest(double[][] d, int issue, ForecastKind kind) {
        return request(d[0], d[1], issue, kind);
    }

    /**
     * 70 days of PV: a clear-sky curve (from the same solar geometry, at Sydney) times a cloudiness drawn per day,
     * independent from day to day, so that yesterday says nothing about today and the best day-ahead forecast is
     * the clear-sky curve times the typical index. At night the meters read a small noise.
     */
    static double[] syntheticPv(long seed) {
        int n = 70 * 48;
        double[] y = new double[n];
        Random r = new Random(seed);
        double cloud = 1;
        for (int i = 0; i < n; i++) {
            if (i % 48 == 0) {
                cloud = 0.3 + 0.7 * r.nextDouble();
            }
            long local = START.getEpochSecond() + i * 1800L;
            Instant at = LocalDateTime.ofEpochSecond(local, 0, ZoneOffset.UTC)
                    .atZone(SYDNEY.zone())
                    .toInstant();
            double cs = SolarGeometry.meanClearSkyGhi(SYDNEY.latitude(), SYDNEY.longitude(), at, 1800);
            y[i] = cs * 0.2 * cloud + (cs > 0 ? 0 : 0.1 * r.nextDouble());
        }
        return y;
    }

    @Test
    void pvLearnsTheClearSkyIndexAndBeatsPersistenceWhenDaysAreIndependent() {
        double[] y = syntheticPv(5);
        double[] temp = new double[y.length];
        Arrays.fill(temp, 20);
        int issue = 63 * 48;
        try (GbmForecaster g = pvForecaster(GbmForecaster.PvCombine.MODEL)) {
            double mae = 0;
            double persistence = 0;
            for (int day = 0; day < 7; day++) {
                int i0 = issue + day * 48;
                Forecast f = g.forecast("m", request(y, temp, i0, ForecastKind.PV));
                for (int h = 0; h < 48; h++) {
                    mae += Math.abs(f.p50().value(h) - y[i0 + h]);
                    persistence += Math.abs(y[i0 + h - 48] - y[i0 + h]);
                    assertThat(f.p10().value(h)).isLessThanOrEqualTo(f.p50().value(h));
                    assertThat(f.p50().value(h)).isLessThanOrEqualTo(f.p90().value(h));
                }
                // Midnight is night: the forecast is the last week's median there, small like the noise.
                assertThat(f.p50().value(0)).isBetween(0.0, 0.1);
                // Noon is day: near the clear-sky curve times a typical index (between 0.3 and 1 of it).
                assertThat(f.p50().value(24)).isGreaterThan(0.3 * 0.2 * 500);
            }
            // Uniform independent indices: persistence errs by E|U1 − U2| = 0.233, the median forecast by 0.175.
            assertThat(mae).isLessThan(0.9 * persistence);
        }
    }

    @Test
    void pvOutOfPhaseWithTheSiteSunIsModelledAsRawPvNotAsAClearSkyIndex() {
        double[] y = syntheticPv(6);
        double[] shifted = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            shifted[i] = y[(i + 24) % y.length]; // noon at midnight: a replay not aligned to the clock
        }
        double[] temp = new double[y.length];
        int issue = 63 * 48;
        Features aligned = new Features(Frame.of(request(y, temp, issue, ForecastKind.PV)), ForecastKind.PV, SYDNEY);
        Features off = new Features(Frame.of(request(shifted, temp, issue, ForecastKind.PV)), ForecastKind.PV, SYDNEY);
        assertThat(aligned.nightShare()).isLessThan(0.02);
        assertThat(aligned.pv()).isTrue();
        assertThat(off.nightShare()).isGreaterThan(0.5);
        assertThat(off.pv()).isFalse();
        assertThat(off.names()).contains("clear_sky", "lag_1d").doesNotContain("kt_climate");
    }

    @Test
    void theSchoolHolidayColumnFlagsNswVacationDaysWhenAskedFor() {
        double[][] d = synthetic(8);
        int issue = 63 * 48;
        Frame frame = Frame.of(request(d[0], d[1], issue, ForecastKind.LOAD));
        Features plain = new Features(frame, ForecastKind.LOAD, SYDNEY, false, false);
        Features school = new Features(frame, ForecastKind.LOAD, SYDNEY, false, false, true, false, false, null);
        assertThat(plain.names()).doesNotContain("school_holiday");
        int column = school.names().indexOf("school_holiday");
        assertThat(column).isPositive();
        double[] row = new double[school.width()];
        int vacation = 8 * 48 + 20; // 2012-01-10: the summer vacation (until 2012-01-30)
        school.row(vacation, vacation, school.issue(vacation), row, 0);
        assertThat(row[column]).isEqualTo(1);
        int term = 49 * 48 + 20; // 2012-02-20: term 1
        school.row(term, term, school.issue(term), row, 0);
        assertThat(row[column]).isZero();
    }

    @Test
    void loadResidualLearnsTheTargetMinusTheMeanOfTheSlotOverTheLastSevenDays() {
        double[][] d = synthetic(9);
        int issue = 63 * 48;
        Frame frame = Frame.of(request(d[0], d[1], issue, ForecastKind.LOAD));
        Features residual = new Features(frame, ForecastKind.LOAD, SYDNEY, false, false, false, true, false, null);
        Features plain = new Features(frame, ForecastKind.LOAD, SYDNEY, false, false, false, false, false, null);
        int t = issue + 30; // tomorrow 15:00: the mean of days −1 … −7 at 15:00
        double mean = 0;
        for (int k = 1; k <= 7; k++) {
            mean += d[0][t - k * 48] / 7;
        }
        assertThat(residual.baseline(issue, t)).isCloseTo(mean, within(1e-9));
        assertThat(plain.baseline(issue, t)).isZero();
        int past = issue - 48 + 10; // a training row: its label is the residual, and back on the target's scale
        assertThat(residual.label(issue - 48, past))
                .isCloseTo(d[0][past] - residual.baseline(issue - 48, past), within(1e-9));
        assertThat(residual.toTarget(issue - 48, past, residual.label(issue - 48, past)))
                .isCloseTo(d[0][past], within(1e-9));
        assertThat(plain.label(issue - 48, past)).isEqualTo(d[0][past]);
        // PV keeps its clear-sky index: no residual there.
        Features pv = new Features(
                Frame.of(request(syntheticPv(9), d[1], issue, ForecastKind.PV)),
                ForecastKind.PV,
                SYDNEY,
                false,
                false,
                false,
                true,
                false,
                null);
        assertThat(pv.baseline(issue, t)).isZero();
    }

    @Test
    void pvWithWeatherForecastsOverTheHorizonUsesTheLearnedIndexNotTheMedian() {
        double[] y = syntheticPv(7);
        double[] temp = new double[y.length];
        for (int i = 0; i < temp.length; i++) {
            temp[i] = 20 + (i / 48) % 5;
        }
        int issue = 63 * 48;
        // Temperature handed over the whole horizon: a forecast the caller vouches for.
        ForecastRequest known =
                known(ForecastKind.PV, y, issue, Map.of("temperature", Arrays.copyOf(temp, issue + 48)));
        Forecast median;
        Forecast model;
        Forecast medianPastOnly;
        Forecast modelPastOnly;
        try (GbmForecaster a = pvForecaster(GbmForecaster.PvCombine.MEDIAN);
                GbmForecaster b = pvForecaster(GbmForecaster.PvCombine.MODEL)) {
            median = a.forecast("m", known);
            model = b.forecast("m", known);
            medianPastOnly = a.forecast("m", request(y, temp, issue, ForecastKind.PV));
            modelPastOnly = b.forecast("m", request(y, temp, issue, ForecastKind.PV));
        }
        assertThat(median.p50()).isEqualTo(model.p50());
        assertThat(medianPastOnly.p50())
                .as("without forecasts the median of three applies")
                .isNotEqualTo(modelPastOnly.p50());
    }

    private static GbmForecaster pvForecaster(GbmForecaster.PvCombine combine) {
        return small("l1", combine);
    }

    /** A request whose weather series (named, from the history's start) the caller hands up to wherever they end. */
    private static ForecastRequest known(ForecastKind kind, double[] y, int issue, Map<String, double[]> weather) {
        Instant t = START.plus(STEP.multipliedBy(issue));
        Map<String, TimeSeries> exogenous = new TreeMap<>();
        weather.forEach((name, v) -> exogenous.put(name, new TimeSeries(START, STEP, "", t, v)));
        return new ForecastRequest(
                "test",
                kind,
                new TimeSeries(START, STEP, "kWh", t, Arrays.copyOf(y, issue)),
                exogenous,
                t,
                Duration.ofDays(1),
                ZoneOffset.UTC,
                SYDNEY);
    }

    @Test
    void loadUsesATemperatureForecastOverTheHorizon() {
        // Each day's temperature level is random: only a forecast tells tomorrow's, and the load follows it.
        int days = 70;
        double[] temp = new double[days * 48];
        double[] y = new double[temp.length];
        Random r = new Random(11);
        double level = 22;
        for (int d = 0; d < days; d++) {
            // The issue day (63) is 12 °C off the day before: yesterday's load is no guide to it.
            level = d == 63 ? level + (level < 22 ? 12 : -12) : 22 + 6 * r.nextGaussian();
            for (int s = 0; s < 48; s++) {
                int i = d * 48 + s;
                temp[i] = level + 4 * Math.sin(2 * Math.PI * (s - 18) / 48.0);
                y[i] = 100 + 30 * Math.sin(2 * Math.PI * (s - 12) / 48.0) + 5 * temp[i] + r.nextGaussian();
            }
        }
        int issue = 63 * 48;
        ForecastRequest known =
                known(ForecastKind.LOAD, y, issue, Map.of("forecast_temperature_2m", Arrays.copyOf(temp, issue + 48)));
        double withForecast = 0;
        double pastOnly = 0;
        try (GbmForecaster a = small();
                GbmForecaster b = small()) {
            Forecast f = a.forecast("m", known);
            Forecast p = b.forecast("m", request(y, temp, issue, ForecastKind.LOAD));
            for (int h = 0; h < 48; h++) {
                withForecast += Math.abs(f.p50().value(h) - y[issue + h]);
                pastOnly += Math.abs(p.p50().value(h) - y[issue + h]);
            }
        }
        assertThat(withForecast).isLessThan(pastOnly / 2);
    }

    @Test
    void weatherProxiesAddTheDewPointSpreadAndTheHorizonsRangeOnlyForWeatherKnownAhead() {
        // The Magnus formula: saturated air has no spread; 20 °C at 50 % has its dew point at 9.26 °C.
        assertThat(Features.dewPointSpread(20, 100)).isCloseTo(0, within(1e-9));
        assertThat(Features.dewPointSpread(20, 50)).isCloseTo(10.74, within(0.01));
        assertThat(Features.dewPointSpread(30, 50)).isGreaterThan(Features.dewPointSpread(20, 50));
        assertThat(Features.dewPointSpread(20, Double.NaN)).isNaN();
        double[] y = syntheticPv(8);
        int issue = 63 * 48;
        double[] temp = new double[issue + 48];
        double[] humidity = new double[issue + 48];
        for (int i = 0; i < temp.length; i++) {
            temp[i] = 20 + 5 * Math.sin(2 * Math.PI * (i % 48 - 18) / 48.0);
            humidity[i] = 60 + 30 * Math.sin(i / 100.0);
        }
        ForecastRequest known = known(
                ForecastKind.PV,
                y,
                issue,
                Map.of("forecast_temperature_2m", temp, "forecast_relative_humidity_2m", humidity));
        Frame frame = Frame.of(known);
        Features proxies = new Features(frame, ForecastKind.PV, SYDNEY, false, false, false, false, true, null);
        Features plain = new Features(frame, ForecastKind.PV, SYDNEY, false, false, false, false, false, null);
        assertThat(proxies.names())
                .contains(
                        "dewpoint_spread_at_target",
                        "dewpoint_spread_ahead_min",
                        "forecast_temperature_2m_ahead_min",
                        "forecast_temperature_2m_change_1d")
                .containsAll(plain.names());
        assertThat(plain.names()).noneMatch(n -> n.startsWith("dewpoint") || n.endsWith("_change_1d"));
        int target = issue + 20;
        double[] row = new double[proxies.width()];
        proxies.row(issue, target, proxies.issue(issue), row, 0);
        assertThat(row[proxies.names().indexOf("dewpoint_spread_at_target")])
                .isEqualTo(Features.dewPointSpread(temp[target], humidity[target]));
        assertThat(row[proxies.names().indexOf("forecast_temperature_2m_change_1d")])
                .isCloseTo(temp[target] - temp[target - 48], within(1e-12));
        // Weather known only up to the issue (past only): no proxies, the layout stays the plain one.
        Features pastOnly = new Features(
                Frame.of(request(y, temp, issue, ForecastKind.PV)),
                ForecastKind.PV,
                SYDNEY,
                false,
                false,
                false,
                false,
                true,
                null);
        assertThat(pastOnly.names()).noneMatch(n -> n.contains("ahead") || n.contains("dewpoint"));
    }

    @Test
    void pvMedianCombinesTheLearnedIndexWithYesterdaysAndTheClimatology() {
        assertThat(GbmForecaster.medianOfKnown(0.5, 0.9, 0.7)).isEqualTo(0.7);
        assertThat(GbmForecaster.medianOfKnown(0.5, Double.NaN, 0.7)).isEqualTo(0.6); // no climatology yet
        assertThat(GbmForecaster.medianOfKnown(Double.NaN, Double.NaN, Double.NaN))
                .isNaN();
    }

    @Test
    void tooLittleHistoryFallsBackToYesterday() {
        double[][] d = synthetic(4);
        try (GbmForecaster g = small()) {
            Forecast f = g.forecast("m", request(d[0], d[1], 3 * 48, ForecastKind.LOAD));
            assertThat(f.p50().value(5)).isEqualTo(d[0][2 * 48 + 5]);
            assertThat(g.fits()).isZero();
        }
    }
}
