package io.gridhub.api.forecast;

import java.time.Instant;
import java.util.Objects;

/**
 * A forecast the hub made on its schedule: for which target (a point id or a derived series such as
 * {@code demo.load}), of which kind, by which strategy and version, and when it was computed.
 */
public record PublishedForecast(
        String target, ForecastKind kind, String strategy, String version, Instant computedAt, Forecast forecast) {
    public PublishedForecast {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(computedAt, "computedAt");
        Objects.requireNonNull(forecast, "forecast");
    }
}
