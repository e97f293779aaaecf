package io.gridhub.cli.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.forecast.ForecastKind;
import io.gridhub.api.forecast.Forecaster;
import io.gridhub.api.forecast.GeoLocation;
import io.gridhub.forecast.baselines.internal.Baseline;
import io.gridhub.forecast.baselines.internal.BaselineForecaster;
import io.gridhub.forecast.common.Metrics;
import io.gridhub.forecast.gbm.internal.GbmForecaster;
import io.gridhub.forecast.gbm.internal.LightGbmForecaster;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The learned price forecast (calendar features: weekday, German public holidays, day of year; lags) against
 * same-hour-last-week on a held-out slice of the real DE-LU day-ahead prices of 2024: the first two weeks of
 * October, every issue trained only on the hours before it. Reads the shared data folder like
 * {@link RealDataTimingTest}.
 */
class PriceForecastTest {
    @Test
    void theLearnedModelBeatsSameHourLastWeekOnAHeldOutFortnight() throws Exception {
        Path file = SharedData.require("prices_DE_LU_dayahead_2024_60min.csv");
        CsvSeries data = CsvSeries.read(file, "timestamp_utc", "price_DE_LU_EUR_MWh", List.of(), 3600);
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        Backtest.Setup setup = new Backtest.Setup(
                data,
                "price_DE_LU_EUR_MWh",
                ForecastKind.PRICE,
                berlin,
                new GeoLocation(52.52, 13.40, berlin),
                24,
                LocalTime.MIDNIGHT,
                LocalDate.of(2024, 10, 1),
                LocalDate.of(2024, 10, 14),
                false,
                Map.of());
        Map<String, Forecaster> models = new LinkedHashMap<>();
        LightGbmForecaster gbm = new LightGbmForecaster(GbmForecaster.Settings.defaults());
        models.put("lightgbm", gbm);
        models.put("same-time-last-week", new BaselineForecaster(Baseline.SAME_TIME_LAST_WEEK));
        try {
            Backtest.Result r = Backtest.run(setup, models, new Backtest.Listener() {});
            Metrics learned = r.metrics().get("lightgbm");
            Metrics lastWeek = r.metrics().get("same-time-last-week");
            assertThat(learned.count()).isEqualTo(14 * 24);
            assertThat(learned.mae())
                    .as("MAE %.2f against same-hour-last-week's %.2f EUR/MWh", learned.mae(), lastWeek.mae())
                    .isLessThan(0.9 * lastWeek.mae());
        } finally {
            gbm.close();
        }
    }
}
