package io.gridhub.api.dispatch;

import io.gridhub.api.model.Community;
import io.gridhub.api.model.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What a dispatcher plans for: the community, the horizon, forecasts per asset or member (keyed by id, W),
 * import and export prices (EUR/kWh per step). A first draft: the dispatch issue extends it.
 */
public record Scenario(String id, Community community, Instant start, Duration step, int steps,
                       Map<String, TimeSeries> forecasts, TimeSeries importPrice, TimeSeries exportPrice) {
    public Scenario {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(community, "community");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(step, "step");
        forecasts = Map.copyOf(forecasts == null ? Map.of() : forecasts);
        if (steps <= 0) {
            throw new IllegalArgumentException("scenario " + id + ": steps must be positive");
        }
    }
}
