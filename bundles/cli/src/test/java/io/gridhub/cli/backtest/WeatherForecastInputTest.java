package io.gridhub.cli.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.forecast.Forecast;
import io.gridhub.api.forecast.ForecastKind;
import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.api.forecast.Forecaster;
import io.gridhub.api.model.TimeSeries;
import io.gridhub.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backtest's weather forecast input ({@code --exogenous-known FORECAST.json}, Open-Meteo's format). */
class WeatherForecastInputTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** An hourly Open-Meteo forecast over the synthetic data's days: temperature = the hour's index. */
    private static String openMeteo(int days) {
        DateTimeFormatter iso = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm");
        List<String> times = new ArrayList<>();
        List<String> temps = new ArrayList<>();
        LocalDateTime t = LocalDateTime.of(2012, 1, 2, 0, 0);
        for (int h = 0; h < days * 24; h++, t = t.plusHours(1)) {
            times.add('"' + iso.format(t) + '"');
            temps.add(String.format(Locale.ROOT, "%d.0", h));
        }
        return "{\"utc_offset_seconds\": 39600, \"timezone\": \"Australia/Sydney\", \"hourly_units\": "
                + "{\"temperature_2m\": \"°C\"}, \"hourly\": {\"time\": [" + String.join(",", times)
                + "], \"temperature_2m\": [" + String.join(",", temps) + "]}}";
    }

    @Test
    void theForecastReachesTheModelUpToTheHorizonsEndAndTheObservedWeatherOnlyUpToTheIssue() throws Exception {
        Path in = Csv.write(dir, "in.csv", Csv.synthetic(20, 3, -1));
        Path json = Csv.write(dir, "forecast.json", openMeteo(20));
        List<ForecastRequest> seen = new ArrayList<>();
        Forecaster spy = new Forecaster() {
            @Override
            public String name() {
                return "spy";
            }

            @Override
            public String version() {
                return "1.0.0";
            }

            @Override
            public Forecast forecast(ForecastRequest r) {
                seen.add(r);
                TimeSeries s =
                        new TimeSeries(r.issueTime(), r.history().step(), "", r.issueTime(), new double[r.steps()]);
                return new Forecast("spy", s, s, s);
            }
        };
        BacktestCommand cmd = new BacktestCommand();
        cmd.exogenousKnown = json.toString();
        cmd.site = "-33.95,151.18,Australia/Sydney";
        CsvSeries data = CsvSeries.read(in, "interval_start_local", "load_kWh", List.of("temp"), 1800);
        Map<String, double[]> known = cmd.knownForecasts(data, cmd.location(null));
        assertThat(known).containsOnlyKeys("forecast_temperature_2m");
        double[] f = known.get("forecast_temperature_2m");
        assertThat(f[0]).isEqualTo(0.0);
        assertThat(f[1]).isEqualTo(0.5); // 00:30 between the hours 0 and 1
        assertThat(f[48]).isEqualTo(24.0);
        Backtest.Setup setup = new Backtest.Setup(
                data,
                "load_kWh",
                ForecastKind.LOAD,
                ZoneOffset.UTC,
                null,
                48,
                LocalTime.MIDNIGHT,
                LocalDate.of(2012, 1, 10),
                LocalDate.of(2012, 1, 11),
                false,
                known);
        Backtest.run(setup, Map.of("spy", spy), new Backtest.Listener() {});
        assertThat(seen).hasSize(2);
        ForecastRequest r = seen.get(0);
        int issue = 8 * 48;
        assertThat(r.exogenous().get("temp").size()).as("observed: past only").isEqualTo(issue);
        assertThat(r.exogenous().get("forecast_temperature_2m").size())
                .as("forecast: up to the horizon's end")
                .isEqualTo(issue + 48);
        assertThat(r.exogenous().get("forecast_temperature_2m").value(issue + 47))
                .isEqualTo((issue + 47) / 2.0);
    }

    @Test
    void aMalformedForecastFileStopsTheBacktestWithWhatIsWrong() throws Exception {
        Path in = Csv.write(dir, "in.csv", Csv.synthetic(10, 3, -1));
        Path json = Csv.write(
                dir,
                "bad.json",
                "{\"hourly\": {\"time\": [\"2012-01-02T00:00\", \"2012-01-02T01:00\"], "
                        + "\"temperature_2m\": [1.0]}}");
        int rc = Main.run(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                "backtest",
                "--input",
                in.toString(),
                "--time-column",
                "interval_start_local",
                "--target",
                "load_kWh",
                "--from",
                "2012-01-09",
                "--model",
                "persistence",
                "--exogenous-known",
                json.toString());
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString())
                .contains("--exogenous-known: " + json + ": hourly.temperature_2m has 1 values for 2 times");
    }
}
