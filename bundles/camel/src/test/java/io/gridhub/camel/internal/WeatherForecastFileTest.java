package io.gridhub.camel.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.gridhub.api.model.Sample;
import io.gridhub.testkit.FakeRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A weather forecast file in Open-Meteo's JSON through the inbox's reading and the normalization. */
class WeatherForecastFileTest {
    static final Instant NOW = Instant.parse("2026-12-06T20:00:00Z");

    @TempDir
    Path dir;

    static final String MAPPING = """
            {"source": "weather-forecast", "description": "Open-Meteo forecast for the site, fetched hourly",
             "time": {"use": "source", "future": "P8D"},
             "points": [
               {"address": "temperature_2m", "point": "t.weather.forecast.temperature", "unit": "Cel",
                "quantity": "TEMPERATURE", "asset": "weather", "min": -40, "max": 60},
               {"address": "shortwave_radiation", "point": "t.weather.forecast.ghi", "unit": "W/m2",
                "quantity": "IRRADIANCE", "asset": "weather", "min": 0, "max": 1500}],
             "file": {"pattern": "open-meteo_*.json", "format": "open-meteo"}}
            """;

    static final String FORECAST = """
            {"latitude": -33.95, "longitude": 151.18, "utc_offset_seconds": 39600, "timezone": "Australia/Sydney",
             "hourly_units": {"time": "iso8601", "temperature_2m": "°C", "shortwave_radiation": "W/m²"},
             "hourly": {"time": ["2026-12-07T10:00", "2026-12-07T11:00", "2026-12-07T12:00"],
                        "temperature_2m": [24.0, 25.5, null], "shortwave_radiation": [700.0, 800.0, 900.0],
                        "cloud_cover": [10, 20, 30]}}
            """;

    private SourceMapping mapping(String json) throws Exception {
        Path f = dir.resolve("weather-forecast.json");
        Files.writeString(f, json);
        return MappingFiles.parse(f);
    }

    private static Readings.Result read(String json, SourceMapping m) throws Exception {
        return Readings.openMeteo(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "open-meteo_1.json", m);
    }

    @Test
    void eachMappedVariableBecomesFutureSamplesOfItsPoint() throws Exception {
        SourceMapping m = mapping(MAPPING);
        assertThat(m.file().format()).isEqualTo(SourceMapping.FileSpec.Format.OPEN_METEO);
        Readings.Result r = read(FORECAST, m);
        assertThat(r.problems()).isEmpty();
        assertThat(r.readings()).hasSize(5); // 2 temperatures (one is null) and 3 irradiances; cloud cover unmapped
        Normalizer n = new Normalizer(s -> Optional.of(m), new FakeRegistry(), Duration.ofMinutes(5));
        n.loaded(m);
        Normalized out = n.normalize(RawCycle.of("weather-forecast", r.readings(), NOW));
        assertThat(out.quarantined()).isEmpty();
        assertThat(out.samples())
                .filteredOn(s -> s.point().value().equals("t.weather.forecast.temperature"))
                .extracting(Sample::sourceTime, Sample::value)
                .containsExactly(
                        tuple(Instant.parse("2026-12-06T23:00:00Z"), 24.0),
                        tuple(Instant.parse("2026-12-07T00:00:00Z"), 25.5));
        assertThat(out.samples())
                .filteredOn(s -> s.point().value().equals("t.weather.forecast.ghi"))
                .hasSize(3);
    }

    @Test
    void aMalformedOrUnfittingForecastIsRefusedWhole() throws Exception {
        SourceMapping m = mapping(MAPPING);
        assertThatThrownBy(() -> read("{\"hourly\": {\"time\": [\"2026-12-07T10:00\"]", m))
                .isInstanceOf(SourceParseException.class)
                .satisfies(e -> assertThat(((SourceParseException) e).problems())
                        .singleElement()
                        .asString()
                        .startsWith("line 1: open-meteo_1.json: not JSON"));
        String noRadiation = FORECAST.replace("shortwave_radiation", "direct_radiation");
        assertThatThrownBy(() -> read(noRadiation, m))
                .isInstanceOf(SourceParseException.class)
                .satisfies(e -> assertThat(((SourceParseException) e).problems())
                        .singleElement()
                        .asString()
                        .contains("variables missing: [shortwave_radiation]"));
    }
}
