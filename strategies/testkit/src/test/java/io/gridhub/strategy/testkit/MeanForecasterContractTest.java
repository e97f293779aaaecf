package io.gridhub.strategy.testkit;

import io.gridhub.api.forecast.Forecaster;

/** The test kit checks itself: the sample strategy keeps its contract. */
class MeanForecasterContractTest extends ForecasterContract {
    @Override
    protected Forecaster strategy() {
        return new Samples.MeanForecaster();
    }
}
