package io.gridhub.api.forecast;

import io.gridhub.api.check.Fields;
import io.gridhub.api.model.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * What a forecaster may see, and what it is asked for.
 *
 * <ul>
 * <li>{@code target}: a stable name of the forecast series (a point id, a CSV column); strategies that keep a
 * fitted model between calls key it on this name.</li>
 * <li>{@code history}: the target's values strictly before {@code issueTime} ({@code NaN} = missing).</li>
 * <li>{@code exogenous}: named series (e.g. {@code temperature}, {@code humidity}). Values before the issue time
 * are observations; values at or after it are forecasts the caller vouches for. A caller that has no forecast
 * of a series ends it before the issue time, and strategies then use only its past.</li>
 * <li>{@code horizon}: how far from the issue time to forecast; the result has {@code horizon / history.step()}
 * values starting at {@code issueTime}.</li>
 * <li>{@code zone}: the time zone in which the series' instants give local calendar time (hour of day,
 * weekday). A series recorded in local wall-clock time without offset may be indexed as if it were UTC and
 * passed with {@link ZoneOffset#UTC}.</li>
 * <li>{@code location}: where the target is (solar geometry); may be {@code null}.</li>
 * </ul>
 */
public record ForecastRequest(
        String target,
        ForecastKind kind,
        TimeSeries history,
        Map<String, TimeSeries> exogenous,
        Instant issueTime,
        Duration horizon,
        ZoneId zone,
        GeoLocation location) {
    public ForecastRequest {
        Fields.require("target kind history issueTime horizon zone", target, kind, history, issueTime, horizon, zone);
        exogenous = Fields.copyOf(exogenous);
        if (history.end().isAfter(issueTime)) {
            throw new IllegalArgumentException(
                    "history reaches " + history.end() + ", past the issue time " + issueTime);
        }
        if (horizon.isNegative()
                || horizon.isZero()
                || horizon.toNanos() % history.step().toNanos() != 0) {
            throw new IllegalArgumentException(
                    "horizon " + horizon + " must be a positive multiple of the step " + history.step());
        }
    }

    /** A request for an unnamed series of kind {@link ForecastKind#OTHER}, calendar in UTC, no location. */
    public ForecastRequest(TimeSeries history, Map<String, TimeSeries> exogenous, Instant issueTime, Duration horizon) {
        this("series", ForecastKind.OTHER, history, exogenous, issueTime, horizon, ZoneOffset.UTC, null);
    }

    /** The number of values the forecast has: horizon / step. */
    public int steps() {
        return (int) (horizon.toNanos() / history.step().toNanos());
    }
}
