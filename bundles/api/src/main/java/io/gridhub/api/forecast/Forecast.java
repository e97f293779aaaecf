package io.gridhub.api.forecast;

import io.gridhub.api.check.Fields;
import io.gridhub.api.model.TimeSeries;

/** A probabilistic forecast: the 10th, 50th and 90th percentiles over the same steps, made by a named model. */
public record Forecast(String model, TimeSeries p10, TimeSeries p50, TimeSeries p90) {
    public Forecast {
        Fields.require("model p50", model, p50);
        p10 = p10 == null ? p50 : p10;
        p90 = p90 == null ? p50 : p90;
        if (p10.size() != p50.size() || p90.size() != p50.size()) {
            throw new IllegalArgumentException("forecast quantiles differ in length");
        }
    }
}
