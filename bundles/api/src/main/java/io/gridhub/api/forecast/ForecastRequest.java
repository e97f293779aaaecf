package io.gridhub.api.forecast;

import io.gridhub.api.model.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What a forecaster may see: the target's history strictly before {@code issueTime}, optional exogenous series
 * (weather, calendar, prices) that may reach into the horizon, and the horizon to forecast from the issue time.
 */
public record ForecastRequest(TimeSeries history, Map<String, TimeSeries> exogenous, Instant issueTime,
                              Duration horizon) {
    public ForecastRequest {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(issueTime, "issueTime");
        Objects.requireNonNull(horizon, "horizon");
        exogenous = Map.copyOf(exogenous == null ? Map.of() : exogenous);
        if (history.end().isAfter(issueTime)) {
            throw new IllegalArgumentException("history reaches " + history.end() + ", past the issue time "
                    + issueTime);
        }
    }
}
