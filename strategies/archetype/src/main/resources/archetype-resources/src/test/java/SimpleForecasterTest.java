package ${package};

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.gridhub.api.forecast.Forecast;
import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.api.forecast.Forecaster;
import io.gridhub.api.model.TimeSeries;
import io.gridhub.strategy.testkit.ForecasterContract;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract every gridhub forecast strategy keeps (inherited: identity, valid forecasts within the time budget on
 * real measured profiles and on edge inputs, determinism), and what this one does.
 */
class SimpleForecasterTest extends ForecasterContract {
    @Override
    protected Forecaster strategy() {
        return new SimpleForecaster();
    }

    @Test
    void forecastsTheSameTimeOfDayFromTheDaysBefore() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        double[] hourly = new double[3 * 24];
        for (int i = 0; i < hourly.length; i++) {
            // Three days: the hour of day, plus the day (0, 10, 20).
            hourly[i] = i % 24 + 10 * (i / 24);
        }
        TimeSeries history = new TimeSeries(t0, Duration.ofHours(1), "W", t0, hourly);
        ForecastRequest request = new ForecastRequest(history, Map.of(), history.end(), Duration.ofHours(2));

        Forecast f = new SimpleForecaster().forecast(request);

        // At 00:00 the days gave 0, 10 and 20: the median is 10, the 10th and 90th percentiles 2 and 18.
        assertThat(f.p50().values()).containsExactly(10, 11);
        assertThat(f.p10().value(0)).isEqualTo(2, offset(1e-9));
        assertThat(f.p90().value(0)).isEqualTo(18, offset(1e-9));
    }
}
