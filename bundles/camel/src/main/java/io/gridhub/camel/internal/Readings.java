package io.gridhub.camel.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.gridhub.api.ingest.RawReading;
import io.gridhub.camel.internal.SourceMapping.FileSpec;
import io.gridhub.forecast.common.weather.WeatherForecast;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads the rows of a CSV file or the readings of a JSON document into raw readings, keeping each one's line and
 * text for reports and the quarantine. A row that cannot be read is a problem "line N: reason"; what happens to
 * the rest is the caller's choice (all-or-nothing, or keep the good rows).
 */
final class Readings {
    /** The readings read, their raw text, and the problems of the rows that could not be read. */
    record Result(List<RawReading> readings, List<String> raw, List<String> problems, int rows) {}

    /** Reads one reading at a time (the mapping files' mapper refuses trailing tokens, which a stream has). */
    private static final ObjectMapper STREAM = JsonMapper.builder().build();

    private static final Pattern LINE = Pattern.compile("line:? (\\d+)");

    private Readings() {}

    /** CSV: a header row, the time column and one column per mapped address; an empty cell is no reading. */
    static Result csv(Reader in, SourceMapping mapping) throws IOException, SourceParseException {
        FileSpec spec = mapping.file();
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setDelimiter(spec.delimiter().charAt(0))
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .build();
        List<RawReading> readings = new ArrayList<>();
        List<String> raw = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int rows = 0;
        try (CSVParser parser = CSVParser.parse(in, format)) {
            Map<String, Integer> header = parser.getHeaderMap();
            List<String> missing = new ArrayList<>();
            if (!header.containsKey(spec.timeColumn())) {
                missing.add(spec.timeColumn());
            }
            mapping.points().stream()
                    .map(SourceMapping.PointMapping::address)
                    .filter(a -> !header.containsKey(a))
                    .forEach(missing::add);
            if (!missing.isEmpty()) {
                throw new SourceParseException(
                        "the file does not fit mapping " + mapping.source(),
                        List.of("line 1: columns missing: " + missing + " (header: " + header.keySet() + ")"));
            }
            for (CSVRecord rec : parser) {
                rows++;
                long line = parser.getCurrentLineNumber();
                String text = String.join(spec.delimiter(), rec.values());
                if (!rec.isConsistent()) {
                    problems.add("line " + line + ": " + rec.size() + " columns, the header has " + header.size());
                    continue;
                }
                Instant time;
                try {
                    time = instant(rec.get(spec.timeColumn()));
                } catch (DateTimeParseException e) {
                    problems.add("line " + line + ": time '" + rec.get(spec.timeColumn()) + "' in column "
                            + spec.timeColumn() + " is not an ISO-8601 instant");
                    continue;
                }
                List<RawReading> row = new ArrayList<>();
                String bad = null;
                for (SourceMapping.PointMapping p : mapping.points()) {
                    String cell = rec.get(p.address());
                    if (cell.isEmpty()) {
                        continue;
                    }
                    try {
                        row.add(RawReading.of(mapping.source(), p.address(), Double.parseDouble(cell), time));
                    } catch (NumberFormatException e) {
                        bad = "line " + line + ": '" + cell + "' in column " + p.address() + " is not a number";
                        break;
                    }
                }
                if (bad != null) {
                    problems.add(bad);
                    continue;
                }
                for (RawReading r : row) {
                    readings.add(r);
                    raw.add("line " + line + ": " + text);
                }
            }
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException | CSVException e) {
            // A malformed quote or header: commons-csv says where in its message ("at line: 3").
            Throwable cause = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
            String message = String.valueOf(cause.getMessage());
            Matcher m = LINE.matcher(message);
            throw new SourceParseException(
                    "the file is not valid CSV",
                    List.of("line " + (m.find() ? m.group(1) : Math.max(1, rows + 1)) + ": " + message));
        }
        return new Result(readings, raw, problems, rows);
    }

    /**
     * JSON: {@code {"source": "...", "readings": [{"address": "...", "time": "...", "value": 1.5,
     * "quality": "..."}]}}; {@code source} is optional and, when given, must be {@code expectedSource}.
     */
    static Result json(InputStream in, String expectedSource) throws IOException, SourceParseException {
        List<RawReading> readings = new ArrayList<>();
        List<String> raw = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int rows = 0;
        // Always UTF-8 (RFC 8259): Jackson's own detection would read some byte patterns as UTF-32 and throw.
        try (JsonParser p = STREAM.createParser(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT, "a JSON object");
            boolean sawReadings = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "source" -> {
                        if (!p.getValueAsString("").equals(expectedSource)) {
                            throw new SourceParseException(
                                    "wrong source",
                                    List.of("line " + line(p) + ": source '" + p.getValueAsString() + "' is not '"
                                            + expectedSource + "'"));
                        }
                    }
                    case "readings" -> {
                        sawReadings = true;
                        expect(p, value, JsonToken.START_ARRAY, "an array of readings");
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            rows++;
                            long line = line(p);
                            JsonNode node = p.readValueAsTree();
                            try {
                                readings.add(reading(expectedSource, node));
                                raw.add("line " + line + ": " + node);
                            } catch (IllegalArgumentException e) {
                                problems.add("line " + line + ": " + e.getMessage());
                            }
                        }
                    }
                    default ->
                        throw new SourceParseException(
                                "unknown field",
                                List.of("line " + line(p) + ": unknown field '" + field
                                        + "' (expected source, readings)"));
                }
            }
            if (!sawReadings) {
                throw new SourceParseException("no readings", List.of("line 1: field 'readings' is missing"));
            }
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new SourceParseException("not valid JSON", List.of("line " + line + ": " + e.getOriginalMessage()));
        }
        return new Result(readings, raw, problems, rows);
    }

    /**
     * A weather forecast in Open-Meteo's JSON ({@link WeatherForecast}): one reading per mapped variable (the
     * address, e.g. {@code temperature_2m}) and time, dated at the forecast's time (ahead of its receipt: the
     * mapping's {@code time.future} must allow the horizon); a missing ({@code null}) value is no reading. A file
     * that does not parse, or lacks a mapped variable, is refused whole.
     */
    static Result openMeteo(InputStream in, String file, SourceMapping mapping)
            throws IOException, SourceParseException {
        WeatherForecast f;
        try {
            f = WeatherForecast.openMeteo(file, in);
        } catch (WeatherForecast.WeatherFormatException e) {
            throw new SourceParseException("not an Open-Meteo forecast", List.of("line 1: " + e.getMessage()));
        }
        List<String> missing = mapping.points().stream()
                .map(SourceMapping.PointMapping::address)
                .filter(a -> !f.values().containsKey(a))
                .toList();
        if (!missing.isEmpty()) {
            throw new SourceParseException(
                    "the file does not fit mapping " + mapping.source(),
                    List.of("line 1: variables missing: " + missing + " (the file has " + f.variables() + ")"));
        }
        List<RawReading> readings = new ArrayList<>();
        List<String> raw = new ArrayList<>();
        for (SourceMapping.PointMapping p : mapping.points()) {
            double[] v = f.values().get(p.address());
            for (int i = 0; i < v.length; i++) {
                if (!Double.isNaN(v[i])) {
                    Instant time = Instant.ofEpochSecond(f.times()[i]);
                    readings.add(RawReading.of(mapping.source(), p.address(), v[i], time));
                    raw.add(p.address() + " at " + time + ": " + v[i]);
                }
            }
        }
        return new Result(readings, raw, List.of(), f.times().length);
    }

    private static RawReading reading(String source, JsonNode n) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("a reading must be an object, got " + n);
        }
        JsonNode address = n.get("address");
        JsonNode value = n.get("value");
        if (address == null || !address.isTextual() || address.asText().isBlank()) {
            throw new IllegalArgumentException("'address' is missing or not a string");
        }
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException(
                    "'value' of " + address.asText() + " is missing or not a number: " + value);
        }
        Instant time = null;
        JsonNode t = n.get("time");
        if (t != null && !t.isNull()) {
            try {
                time = instant(t.asText());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("time '" + t.asText() + "' is not an ISO-8601 instant");
            }
        }
        JsonNode q = n.get("quality");
        var unknown = new ArrayList<String>();
        n.fieldNames().forEachRemaining(f -> {
            if (!List.of("address", "value", "time", "quality").contains(f)) {
                unknown.add(f);
            }
        });
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "unknown fields " + unknown + " (expected address, time, value, quality)");
        }
        return new RawReading(source, address.asText(), value.asDouble(), time, q == null ? "" : q.asText());
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken wanted, String what)
            throws SourceParseException {
        if (actual != wanted) {
            throw new SourceParseException(
                    "unexpected JSON", List.of("line " + line(p) + ": expected " + what + ", got " + actual));
        }
    }

    private static long line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }

    /** An ISO-8601 instant ({@code 2024-01-01T00:00:00Z}) or date-time with offset ({@code ...+01:00}). */
    static Instant instant(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(s).toInstant();
        }
    }
}
