package io.gridhub.forecast.common.weather;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class WeatherForecastTest {
    /** An Open-Meteo forecast response as the API writes it (hourly block, Sydney local times, AEDT). */
    static final String OPEN_METEO = """
            {"latitude": -33.95, "longitude": 151.18, "generationtime_ms": 0.06, "utc_offset_seconds": 39600,
             "timezone": "Australia/Sydney", "timezone_abbreviation": "AEDT", "elevation": 6.0,
             "hourly_units": {"time": "iso8601", "temperature_2m": "°C", "relative_humidity_2m": "%",
                              "cloud_cover": "%", "shortwave_radiation": "W/m²"},
             "hourly": {"time": ["2026-12-07T10:00", "2026-12-07T11:00", "2026-12-07T12:00", "2026-12-07T13:00"],
                        "temperature_2m": [24.0, 25.0, 27.0, null],
                        "relative_humidity_2m": [60, 55, 50, 48],
                        "cloud_cover": [10, 20, 100, 80],
                        "shortwave_radiation": [700.0, 800.0, 900.0, 850.0]}}
            """;

    private static WeatherForecast parse(String json) throws IOException {
        return WeatherForecast.openMeteo(
                "forecast.json", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsOpenMeteosHourlyBlockInItsTimeZone() throws IOException {
        WeatherForecast f = parse(OPEN_METEO);
        assertThat(f.variables())
                .containsExactly("temperature_2m", "relative_humidity_2m", "cloud_cover", "shortwave_radiation");
        assertThat(f.units()).containsEntry("temperature_2m", "°C").containsEntry("shortwave_radiation", "W/m²");
        assertThat(f.stepSeconds()).isEqualTo(3600);
        // 10:00 in Sydney in December is 23:00 UTC the day before.
        assertThat(Instant.ofEpochSecond(f.times()[0])).isEqualTo(Instant.parse("2026-12-06T23:00:00Z"));
        assertThat(f.values().get("temperature_2m")[3]).isNaN();
        assertThat(f.values().get("cloud_cover")[2]).isEqualTo(100);
    }

    @Test
    void resamplesOntoAHalfHourGridInstantOrWallClock() throws IOException {
        WeatherForecast f = parse(OPEN_METEO);
        long start = Instant.parse("2026-12-06T22:30:00Z").getEpochSecond();
        double[] t = f.onGrid("temperature_2m", start, 1800, 8, null);
        assertThat(t[0]).as("before the forecast").isNaN();
        assertThat(t[1]).isEqualTo(24.0);
        assertThat(t[2]).isCloseTo(24.5, within(1e-9));
        assertThat(t[5]).isEqualTo(27.0);
        assertThat(t[6]).as("next to a missing value").isNaN();
        // The same on a wall-clock line (Sydney local times kept as if UTC, as the backtest keeps offset-less files).
        long local = Instant.parse("2026-12-07T10:00:00Z").getEpochSecond();
        double[] w = f.onGrid("temperature_2m", local, 1800, 2, ZoneId.of("Australia/Sydney"));
        assertThat(w).containsExactly(24.0, 24.5);
        // Radiation is the mean of the hour ending at its stamp: placed at the hour's middle (09:30 … 12:30 local).
        double[] r = f.onGrid("shortwave_radiation", local, 1800, 2, ZoneId.of("Australia/Sydney"));
        assertThat(r[0]).isCloseTo(750, within(1e-9));
        assertThat(r[1]).isCloseTo(800, within(1e-9));
    }

    @Test
    void readsUnixTimesAndTheQuarterHourBlock() throws IOException {
        WeatherForecast f = parse("""
                {"utc_offset_seconds": 0, "timezone": "GMT",
                 "minutely_15": {"time": [1733529600, 1733530500], "temperature_2m": [5.5, 5.0]}}""");
        assertThat(f.stepSeconds()).isEqualTo(900);
        assertThat(f.times()).containsExactly(1733529600L, 1733530500L);
    }

    @Test
    void malformedInputIsRefusedWithWhatAndWhere() {
        assertThatThrownBy(() -> parse("{\"hourly\": {\"time\": [\"2026-12-07T10:00\"], "))
                .isInstanceOf(WeatherForecast.WeatherFormatException.class)
                .hasMessageStartingWith("forecast.json: not JSON (line 1)");
        assertThatThrownBy(() -> parse("{\"daily\": {}}")).hasMessageContaining("no 'hourly' or 'minutely_15' object");
        assertThatThrownBy(() -> parse(
                        "{\"hourly\": {\"time\": [\"2026-12-07T10:00\", \"2026-12-07T11:00\"], \"cloud_cover\": [1]}}"))
                .hasMessage("forecast.json: hourly.cloud_cover has 1 values for 2 times");
        assertThatThrownBy(() -> parse("{\"hourly\": {\"time\": [\"tomorrow\"], \"cloud_cover\": [1]}}"))
                .hasMessageContaining("hourly.time[0] \"tomorrow\" is not an ISO-8601 local date-time");
        assertThatThrownBy(() -> parse("{\"hourly\": {\"time\": [\"2026-12-07T10:00\"], \"cloud_cover\": [\"a\"]}}"))
                .hasMessage("forecast.json: hourly.cloud_cover[0] \"a\" is not a number");
        String backwards =
                "{\"hourly\": {\"time\": [\"2026-12-07T11:00\", \"2026-12-07T10:00\"], " + "\"cloud_cover\": [1, 2]}}";
        assertThatThrownBy(() -> parse(backwards)).hasMessageContaining("is not after the time before it");
        assertThatThrownBy(() -> parse("{\"error\": true, \"reason\": \"Cannot initialize WeatherVariable\"}"))
                .hasMessage("forecast.json: the service answered an error: Cannot initialize WeatherVariable");
        assertThatThrownBy(() -> parse("[1, 2]")).hasMessageContaining("expected a JSON object");
    }
}
