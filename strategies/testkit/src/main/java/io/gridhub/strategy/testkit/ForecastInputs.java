package io.gridhub.strategy.testkit;

import static io.gridhub.strategy.testkit.SampleData.HALF_HOUR;
import static io.gridhub.strategy.testkit.SampleData.HOME_LOCATION;
import static io.gridhub.strategy.testkit.SampleData.SYDNEY;

import io.gridhub.api.forecast.ForecastKind;
import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.api.model.TimeSeries;
import io.gridhub.strategy.testkit.SampleData.Season;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The forecast requests {@link ForecasterContract} runs: realistic ones on the sample home and prices (34 days of
 * history, enough for four same weekdays, a day ahead; with gaps; a short horizon at noon), and edge ones a
 * forecaster must survive with a valid forecast (no history, one value, only missing values, a history that ended a
 * day early, one step ahead, zeros only).
 */
public final class ForecastInputs {
    private static final int DAY = 48;
    /** Days of history in the realistic requests. */
    private static final int HISTORY = SampleData.DAYS - 1;

    private ForecastInputs() {}

    public static List<Case<ForecastRequest>> realistic() {
        TimeSeries load = SampleData.homeLoadW(Season.WINTER);
        TimeSeries pv = SampleData.homePvW(Season.SUMMER);
        TimeSeries prices = SampleData.dayAheadEurPerKWh(Season.SUMMER);
        double[] gappy = load.values();
        for (int i = 0; i < gappy.length; i++) {
            // A meter that misses one reading in seven, and a six-hour outage on the fourth day.
            if (i % 7 == 3 || (i >= 3 * DAY + 20 && i < 3 * DAY + 32)) {
                gappy[i] = Double.NaN;
            }
        }
        TimeSeries gaps = new TimeSeries(load.start(), HALF_HOUR, "W", load.issueTime(), gappy);
        return List.of(
                new Case<>("home load, winter, day ahead", dayAhead("home-load", ForecastKind.LOAD, load)),
                new Case<>("home PV, summer, day ahead", dayAhead("home-pv", ForecastKind.PV, pv)),
                new Case<>(
                        "day-ahead price, spring, with negative prices",
                        new ForecastRequest(
                                "price",
                                ForecastKind.PRICE,
                                SampleData.slice(prices, 0, HISTORY * 24, prices.start()),
                                Map.of(),
                                prices.timeAt(HISTORY * 24),
                                Duration.ofDays(1),
                                SampleData.BERLIN,
                                null)),
                new Case<>("home load with missing readings", dayAhead("home-load", ForecastKind.LOAD, gaps)),
                new Case<>(
                        "home PV, two hours ahead at noon",
                        new ForecastRequest(
                                "home-pv",
                                ForecastKind.PV,
                                SampleData.slice(pv, 0, HISTORY * DAY + 24, pv.start()),
                                Map.of(),
                                pv.timeAt(HISTORY * DAY + 24),
                                Duration.ofHours(2),
                                SYDNEY,
                                HOME_LOCATION)));
    }

    public static List<Case<ForecastRequest>> edge() {
        TimeSeries load = SampleData.homeLoadW(Season.WINTER);
        Instant issue = load.timeAt(6 * DAY);
        double[] missing = new double[DAY];
        Arrays.fill(missing, Double.NaN);
        return List.of(
                new Case<>("no history", request(new TimeSeries(issue, HALF_HOUR, "W", issue, new double[0]), issue)),
                new Case<>(
                        "one value of history",
                        request(SampleData.slice(load, 6 * DAY - 1, 1, load.timeAt(6 * DAY - 1)), issue)),
                new Case<>(
                        "a day of missing values",
                        request(new TimeSeries(load.timeAt(5 * DAY), HALF_HOUR, "W", issue, missing), issue)),
                new Case<>(
                        "history that ended a day before the issue time",
                        request(SampleData.slice(load, 0, 5 * DAY, load.start()), issue)),
                new Case<>(
                        "one step ahead",
                        new ForecastRequest(
                                SampleData.slice(load, 0, 6 * DAY, load.start()), Map.of(), issue, HALF_HOUR)),
                new Case<>(
                        "zeros only (PV at night)",
                        request(new TimeSeries(load.timeAt(5 * DAY), HALF_HOUR, "W", issue, new double[DAY]), issue)));
    }

    /** All days of a season's series but the last, the last asked for, with the home's location and zone. */
    private static ForecastRequest dayAhead(String target, ForecastKind kind, TimeSeries week) {
        return new ForecastRequest(
                target,
                kind,
                SampleData.slice(week, 0, HISTORY * DAY, week.start()),
                Map.of(),
                week.timeAt(HISTORY * DAY),
                Duration.ofDays(1),
                SYDNEY,
                HOME_LOCATION);
    }

    /** A day ahead of an unnamed series, calendar in UTC. */
    private static ForecastRequest request(TimeSeries history, Instant issue) {
        return new ForecastRequest(
                "series", ForecastKind.OTHER, history, Map.of(), issue, Duration.ofDays(1), ZoneOffset.UTC, null);
    }
}
