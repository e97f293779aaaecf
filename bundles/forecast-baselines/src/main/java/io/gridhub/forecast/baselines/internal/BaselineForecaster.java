package io.gridhub.forecast.baselines.internal;

import io.gridhub.api.forecast.Forecast;
import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.api.forecast.Forecaster;

/** One baseline as a forecast strategy, named after it. */
public final class BaselineForecaster implements Forecaster {
    public static final String VERSION = "1.0.0";

    private final Baseline baseline;

    public BaselineForecaster(Baseline baseline) {
        this.baseline = baseline;
    }

    @Override
    public String name() {
        return baseline.label();
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public Forecast forecast(ForecastRequest request) {
        return baseline.forecast(request);
    }
}
