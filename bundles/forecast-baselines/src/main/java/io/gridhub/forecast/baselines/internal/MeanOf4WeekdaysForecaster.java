package io.gridhub.forecast.baselines.internal;

import io.gridhub.api.forecast.Forecast;
import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.api.forecast.Forecaster;
import io.gridhub.api.strategy.Strategy;
import org.osgi.service.component.annotations.Component;

/** Baseline forecast: the mean of the values at the same time on the last four same weekdays. */
@Component(service = {Forecaster.class, Strategy.class})
public final class MeanOf4WeekdaysForecaster implements Forecaster {
    public static final String NAME = "mean-4-same-weekdays";
    public static final String VERSION = "1.0.0";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public Forecast forecast(ForecastRequest request) {
        return Baselines.forecast(NAME, request, Baselines::meanOfLast4SameWeekdays);
    }
}
