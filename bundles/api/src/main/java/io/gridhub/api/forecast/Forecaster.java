package io.gridhub.api.forecast;

import io.gridhub.api.strategy.Strategy;
import io.gridhub.api.strategy.StrategyRole;
import org.osgi.annotation.versioning.ConsumerType;

/** A forecast strategy. It must use nothing of the request's target at or after the issue time. */
@ConsumerType
public interface Forecaster extends Strategy {
    Forecast forecast(ForecastRequest request);

    @Override
    default StrategyRole role() {
        return StrategyRole.FORECAST;
    }
}
