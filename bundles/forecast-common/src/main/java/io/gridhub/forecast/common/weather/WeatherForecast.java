package io.gridhub.forecast.common.weather;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A weather forecast over a horizon, one value per variable and time: what the hub and the backtest take as
 * exogenous input known ahead (temperature, humidity, irradiance, cloud cover).
 *
 * <p>One real format is read: Open-Meteo's forecast JSON (https://open-meteo.com/en/docs, also its
 * historical-forecast API), e.g. {@code /v1/forecast?latitude=-33.95&longitude=151.18&hourly=temperature_2m,
 * relative_humidity_2m,cloud_cover,shortwave_radiation&timezone=Australia%2FSydney}:
 *
 * <pre>
 * {"latitude": -33.95, "longitude": 151.18, "utc_offset_seconds": 39600, "timezone": "Australia/Sydney",
 *  "hourly_units": {"time": "iso8601", "temperature_2m": "°C", "shortwave_radiation": "W/m²"},
 *  "hourly": {"time": ["2026-12-07T00:00", "2026-12-07T01:00"], "temperature_2m": [21.3, 20.8],
 *             "shortwave_radiation": [0.0, 0.0]}}
 * </pre>
 *
 * The block is {@code minutely_15} when present, else {@code hourly}. Times are the {@code timezone}'s local
 * wall-clock times (or, with {@code timeformat=unixtime}, epoch seconds); a {@code null} value is a missing one
 * (NaN). Shortwave radiation is the mean over the hour (or quarter hour) <em>ending</em> at its time stamp, the
 * other variables are instantaneous at it, as Open-Meteo documents them.
 *
 * @param source    where it came from (file name, URL), for messages
 * @param times     epoch seconds of the values, strictly increasing
 * @param values    variable → values at {@code times} (NaN where missing)
 * @param units     variable → unit as the source states it
 * @param stepSeconds seconds between the block's values (3,600 for {@code hourly}, 900 for {@code minutely_15})
 */
public record WeatherForecast(
        String source, long[] times, Map<String, double[]> values, Map<String, String> units, long stepSeconds) {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** Reads an Open-Meteo forecast response; a malformed one is refused with what and where. */
    public static WeatherForecast openMeteo(String source, InputStream in) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new WeatherFormatException(source + ": not JSON (line " + line + "): " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new WeatherFormatException(source + ": expected a JSON object (an Open-Meteo response)");
        }
        if (root.path("error").asBoolean(false)) {
            throw new WeatherFormatException(source + ": the service answered an error: "
                    + root.path("reason").asText("(no reason)"));
        }
        String blockName = root.has("minutely_15") ? "minutely_15" : "hourly";
        JsonNode block = root.get(blockName);
        if (block == null || !block.isObject()) {
            throw new WeatherFormatException(
                    source + ": no 'hourly' or 'minutely_15' object (ask the API for hourly=temperature_2m,…)");
        }
        JsonNode time = block.get("time");
        if (time == null || !time.isArray() || time.isEmpty()) {
            throw new WeatherFormatException(source + ": " + blockName + ".time is missing or empty");
        }
        ZoneId zone = zone(source, root);
        long[] times = new long[time.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = epochSecond(source, blockName, i, time.get(i), zone);
            if (i > 0 && times[i] <= times[i - 1]) {
                throw new WeatherFormatException(source + ": " + blockName + ".time[" + i + "] " + time.get(i)
                        + " is not after the time before it");
            }
        }
        Map<String, double[]> values = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        JsonNode unitBlock = root.path(blockName + "_units");
        for (Iterator<Map.Entry<String, JsonNode>> it = block.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (name.equals("time")) {
                continue;
            }
            values.put(name, numbers(source, blockName + "." + name, e.getValue(), times.length));
            units.put(name, unitBlock.path(name).asText(""));
        }
        if (values.isEmpty()) {
            throw new WeatherFormatException(source + ": " + blockName + " has times but no variable");
        }
        long step = times.length > 1 ? times[1] - times[0] : blockName.equals("hourly") ? 3600 : 900;
        return new WeatherForecast(source, times, values, units, step);
    }

    private static ZoneId zone(String source, JsonNode root) {
        String id = root.path("timezone").asText("");
        try {
            if (!id.isEmpty() && !id.equals("GMT")) {
                return ZoneId.of(id);
            }
        } catch (DateTimeException e) {
            // fall back to the fixed offset below
        }
        JsonNode offset = root.get("utc_offset_seconds");
        if (offset != null && !offset.canConvertToInt()) {
            throw new WeatherFormatException(source + ": utc_offset_seconds " + offset + " is not a number");
        }
        return ZoneOffset.ofTotalSeconds(offset == null ? 0 : offset.asInt());
    }

    private static long epochSecond(String source, String block, int i, JsonNode t, ZoneId zone) {
        if (t.isIntegralNumber()) {
            return t.asLong(); // timeformat=unixtime
        }
        try {
            String text = t.asText();
            if (text.endsWith("Z")) {
                return Instant.parse(text).getEpochSecond();
            }
            return text.matches(".*[+-]\\d{2}:\\d{2}$")
                    ? OffsetDateTime.parse(text).toEpochSecond()
                    : LocalDateTime.parse(text).atZone(zone).toEpochSecond();
        } catch (DateTimeParseException e) {
            throw new WeatherFormatException(
                    source + ": " + block + ".time[" + i + "] " + t + " is not an ISO-8601 local date-time");
        }
    }

    private static double[] numbers(String source, String name, JsonNode a, int n) {
        if (!a.isArray()) {
            throw new WeatherFormatException(source + ": " + name + " is not an array");
        }
        if (a.size() != n) {
            throw new WeatherFormatException(source + ": " + name + " has " + a.size() + " values for " + n + " times");
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            JsonNode x = a.get(i);
            if (x.isNull()) {
                v[i] = Double.NaN;
            } else if (x.isNumber()) {
                v[i] = x.asDouble();
            } else {
                throw new WeatherFormatException(source + ": " + name + "[" + i + "] " + x + " is not a number");
            }
        }
        return v;
    }

    /**
     * Variable {@code name} at {@code length} grid times {@code start + k · step} (epoch seconds), linearly
     * interpolated between the forecast's times; NaN outside its span and next to a missing value. For
     * shortwave radiation (a mean over the interval ending at its stamp) the value is placed at that interval's
     * middle first.
     *
     * @param wallClock when not null, the grid is a wall-clock line in this zone (local times as if UTC, as the
     *                  backtest keeps files without offsets): the forecast's instants are moved onto it
     */
    public double[] onGrid(String name, long start, long step, int length, ZoneId wallClock) {
        double[] v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException(
                    source + ": no variable '" + name + "' (it has " + String.join(", ", values.keySet()) + ")");
        }
        double shift = name.startsWith("shortwave_radiation")
                        || name.startsWith("direct_")
                        || name.startsWith("diffuse_")
                        || name.startsWith("global_tilted")
                ? -stepSeconds / 2.0
                : 0;
        double[] at = new double[times.length];
        for (int i = 0; i < times.length; i++) {
            long t = times[i];
            if (wallClock != null) {
                t += wallClock.getRules().getOffset(Instant.ofEpochSecond(t)).getTotalSeconds();
            }
            at[i] = t + shift;
        }
        double[] out = new double[length];
        int j = 0;
        for (int k = 0; k < length; k++) {
            double t = start + (double) k * step;
            while (j + 1 < at.length && at[j + 1] <= t) {
                j++;
            }
            if (t < at[0] || t > at[at.length - 1]) {
                out[k] = Double.NaN;
            } else if (t == at[j]) {
                out[k] = v[j];
            } else {
                double w = (t - at[j]) / (at[j + 1] - at[j]);
                out[k] = v[j] + w * (v[j + 1] - v[j]); // NaN when either is missing
            }
        }
        return out;
    }

    /** The variables in file order. */
    public List<String> variables() {
        return new ArrayList<>(values.keySet());
    }

    /** A weather forecast that cannot be read; the message says what and where. */
    public static final class WeatherFormatException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public WeatherFormatException(String message) {
            super(message);
        }
    }
}
