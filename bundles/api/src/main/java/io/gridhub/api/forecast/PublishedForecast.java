package io.gridhub.api.forecast;

import io.gridhub.api.check.Fields;
import java.time.Instant;

/**
 * A forecast the hub made on its schedule: for which target (a point id or a derived series such as
 * {@code demo.load}), of which kind, by which strategy and version, and when it was computed.
 */
public record PublishedForecast(
        String target, ForecastKind kind, String strategy, String version, Instant computedAt, Forecast forecast) {
    public PublishedForecast {
        Fields.require(
                "target kind strategy version computedAt forecast",
                target,
                kind,
                strategy,
                version,
                computedAt,
                forecast);
    }
}
