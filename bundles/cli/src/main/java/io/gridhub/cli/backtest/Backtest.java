package io.gridhub.cli.backtest;

import io.gridhub.api.forecast.Forecast;
import io.gridhub.api.forecast.ForecastKind;
import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.api.forecast.Forecaster;
import io.gridhub.api.forecast.GeoLocation;
import io.gridhub.api.model.TimeSeries;
import io.gridhub.forecast.common.Metrics;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rolling-origin backtest: one issue per day at {@code issueAt} from {@code from} to {@code to} (inclusive). At
 * each issue every model gets the target's rows strictly before the issue time; exogenous columns are cut at the
 * issue time too, unless {@code exogenousAhead} treats them as perfect forecasts over the horizon. Series in
 * {@code known} (weather forecasts on the data's index line) are handed up to the end of each horizon: they are
 * forecasts, known ahead by nature. Forecasts are scored against the actual rows; missing actuals are not scored.
 */
public final class Backtest {
    /** What to run. */
    public record Setup(
            CsvSeries data,
            String target,
            ForecastKind kind,
            ZoneId calendarZone,
            GeoLocation location,
            int horizonSteps,
            LocalTime issueAt,
            LocalDate from,
            LocalDate to,
            boolean exogenousAhead,
            Map<String, double[]> known) {}

    /** Receives progress and every forecast value. */
    public interface Listener {
        default void issued(int done, int total) {}

        default void forecast(
                String model, int issueIndex, int targetIndex, double p10, double p50, double p90, double actual) {}
    }

    /** Scores per model (in run order), time spent in each model's forecast calls, and the issues run. */
    public record Result(Map<String, Metrics> metrics, Map<String, Duration> time, int issues) {}

    private Backtest() {}

    /** The issue indices on the data's index line, in time order. */
    public static List<Integer> issues(Setup s) throws InputException {
        CsvSeries d = s.data();
        LocalDate last = LocalDateTime.ofEpochSecond(d.seconds(d.length() - 1), 0, ZoneOffset.UTC)
                .toLocalDate();
        LocalDate to = s.to() != null
                ? s.to()
                : d.local()
                        ? last
                        : Instant.ofEpochSecond(d.seconds(d.length() - 1))
                                .atZone(s.calendarZone())
                                .toLocalDate();
        List<Integer> out = new ArrayList<>();
        for (LocalDate day = s.from(); !day.isAfter(to); day = day.plusDays(1)) {
            long sec = d.local()
                    ? LocalDateTime.of(day, s.issueAt()).toEpochSecond(ZoneOffset.UTC)
                    : day.atTime(s.issueAt()).atZone(s.calendarZone()).toEpochSecond();
            long off = sec - d.startSeconds();
            if (off % d.stepSeconds() != 0) {
                throw new InputException("issue time " + day + "T" + s.issueAt() + " is not on the data's "
                        + d.stepSeconds() / 60 + "-minute grid");
            }
            long idx = off / d.stepSeconds();
            if (idx <= 0) {
                continue; // nothing before it to learn from
            }
            if (idx >= d.length()) {
                break;
            }
            out.add((int) idx);
        }
        if (out.isEmpty()) {
            throw new InputException("no issue time between " + s.from() + " and " + to
                    + " has both history before it and data after it");
        }
        return out;
    }

    public static Result run(Setup s, Map<String, Forecaster> models, Listener listener) throws InputException {
        CsvSeries d = s.data();
        List<Integer> issues = issues(s);
        Map<String, Metrics> metrics = new LinkedHashMap<>();
        Map<String, Long> nanos = new LinkedHashMap<>();
        models.keySet().forEach(m -> {
            metrics.put(m, new Metrics());
            nanos.put(m, 0L);
        });
        Duration step = Duration.ofSeconds(d.stepSeconds());
        Instant start = Instant.ofEpochSecond(d.startSeconds());
        double[] y = d.target();
        int done = 0;
        for (int idx : issues) {
            Instant issueTime = Instant.ofEpochSecond(d.seconds(idx));
            // Only rows strictly before the issue time: the leakage boundary of the whole backtest.
            TimeSeries history = new TimeSeries(start, step, "", issueTime, Arrays.copyOf(y, idx));
            Map<String, TimeSeries> exo = new LinkedHashMap<>();
            int exoEnd = s.exogenousAhead() ? Math.min(d.length(), idx + s.horizonSteps()) : idx;
            d.features()
                    .forEach((name, v) ->
                            exo.put(name, new TimeSeries(start, step, "", issueTime, Arrays.copyOf(v, exoEnd))));
            int knownEnd = Math.min(d.length(), idx + s.horizonSteps());
            s.known()
                    .forEach((name, v) ->
                            exo.put(name, new TimeSeries(start, step, "", issueTime, Arrays.copyOf(v, knownEnd))));
            ForecastRequest request = new ForecastRequest(
                    s.target(),
                    s.kind(),
                    history,
                    exo,
                    issueTime,
                    step.multipliedBy(s.horizonSteps()),
                    s.calendarZone(),
                    s.location());
            for (Map.Entry<String, Forecaster> e : models.entrySet()) {
                long t0 = System.nanoTime();
                Forecast f = e.getValue().forecast(request);
                nanos.merge(e.getKey(), System.nanoTime() - t0, Long::sum);
                Metrics m = metrics.get(e.getKey());
                for (int h = 0; h < s.horizonSteps() && idx + h < d.length(); h++) {
                    double actual = y[idx + h];
                    double p10 = f.p10().value(h);
                    double p50 = f.p50().value(h);
                    double p90 = f.p90().value(h);
                    m.add(p50, actual, p10, p90);
                    listener.forecast(e.getKey(), idx, idx + h, p10, p50, p90, actual);
                }
            }
            listener.issued(++done, issues.size());
        }
        Map<String, Duration> time = new LinkedHashMap<>();
        nanos.forEach((k, v) -> time.put(k, Duration.ofNanos(v)));
        return new Result(metrics, time, issues.size());
    }
}
