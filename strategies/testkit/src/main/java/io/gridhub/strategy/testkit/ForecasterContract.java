package io.gridhub.strategy.testkit;

import io.gridhub.api.forecast.Forecast;
import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.api.forecast.Forecaster;
import io.gridhub.api.strategy.OutputChecks;
import io.gridhub.api.strategy.StrategyRole;
import java.time.Duration;
import java.util.List;

/**
 * The contract every forecast strategy keeps: extend it and return the forecaster from {@link #strategy()}. Runs
 * it on {@link ForecastInputs}: each forecast passes {@link OutputChecks#forecast} within the time budget (5 s
 * by default), edge requests included, and the same request gives the same forecast.
 */
public abstract class ForecasterContract extends StrategyContract<Forecaster, ForecastRequest, Forecast> {
    @Override
    protected Duration timeBudget() {
        return Duration.ofSeconds(5);
    }

    @Override
    protected List<Case<ForecastRequest>> realisticInputs() {
        return ForecastInputs.realistic();
    }

    @Override
    protected List<Case<ForecastRequest>> edgeInputs() {
        return ForecastInputs.edge();
    }

    @Override
    final StrategyRole role() {
        return StrategyRole.FORECAST;
    }

    @Override
    final Forecast run(Forecaster strategy, ForecastRequest input) {
        return strategy.forecast(input);
    }

    @Override
    final List<String> problems(ForecastRequest input, Forecast output) {
        return OutputChecks.forecast(input, output);
    }

    @Override
    final Object decision(Forecast f) {
        return f == null ? null : List.of(f.p10(), f.p50(), f.p90());
    }
}
