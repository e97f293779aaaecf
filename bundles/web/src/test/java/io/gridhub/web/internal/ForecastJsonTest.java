package io.gridhub.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.forecast.Forecast;
import io.gridhub.api.forecast.ForecastKind;
import io.gridhub.api.forecast.PublishedForecast;
import io.gridhub.api.model.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ForecastJsonTest {
    @Test
    void aPublishedForecastOnTheWire() throws Exception {
        Instant t = Instant.parse("2026-11-23T17:00:00Z");
        TimeSeries p50 = new TimeSeries(t, Duration.ofMinutes(30), "W", t, new double[] {1, 2});
        TimeSeries p10 = new TimeSeries(t, Duration.ofMinutes(30), "W", t, new double[] {0, 1});
        TimeSeries p90 = new TimeSeries(t, Duration.ofMinutes(30), "W", t, new double[] {2, 3});
        PublishedForecast p = new PublishedForecast(
                "demo.load",
                ForecastKind.LOAD,
                "lightgbm",
                "1.0.0",
                t.plusSeconds(5),
                new Forecast("lightgbm", p10, p50, p90));
        String json = Json.MAPPER.writeValueAsString(Forecasts.json(p));
        assertThat(json)
                .isEqualTo("{\"target\":\"demo.load\",\"kind\":\"LOAD\",\"model\":\"lightgbm\","
                        + "\"version\":\"1.0.0\",\"issueTime\":\"2026-11-23T17:00:00Z\","
                        + "\"computedAt\":\"2026-11-23T17:00:05Z\",\"start\":\"2026-11-23T17:00:00Z\","
                        + "\"step\":\"PT30M\","
                        + "\"unit\":\"W\",\"p10\":[0.0,1.0],\"p50\":[1.0,2.0],\"p90\":[2.0,3.0]}");
    }
}
