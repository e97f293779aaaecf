package io.gridhub.forecast.runner.internal;

import io.gridhub.api.forecast.Forecast;
import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.api.forecast.Forecaster;
import io.gridhub.api.model.TimeSeries;
import java.util.Arrays;
import java.util.function.Function;

/** A forecaster for the runner's tests: its P50 is whatever its body makes of the request. */
final class FakeForecaster implements Forecaster {
    private final String name;
    private final String version;
    private final Function<ForecastRequest, double[]> body;

    FakeForecaster(String name, String version, Function<ForecastRequest, double[]> body) {
        this.name = name;
        this.version = version;
        this.body = body;
    }

    /** The same value in W at every step the request asks for. */
    static FakeForecaster constant(String name, String version, double w) {
        return new FakeForecaster(name, version, r -> filled(r, w));
    }

    static double[] filled(ForecastRequest r, double w) {
        double[] v = new double[r.steps()];
        Arrays.fill(v, w);
        return v;
    }

    @Override
    public Forecast forecast(ForecastRequest r) {
        double[] v = body.apply(r);
        return new Forecast(
                name, null, new TimeSeries(r.issueTime(), r.history().step(), "W", r.issueTime(), v), null);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String version() {
        return version;
    }
}
