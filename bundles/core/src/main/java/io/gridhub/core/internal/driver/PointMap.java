package io.gridhub.core.internal.driver;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.gridhub.api.model.PointId;
import io.gridhub.core.internal.JsonFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A device's declarative point map (JSON): poll groups with their intervals, and per point the driver address,
 * the group, and how a raw value becomes the point's value ({@code raw × scale + offset}, in {@code unit}).
 * <pre>{"pollGroups": {"fast": 1000}, "points": [{"point": "demo.bat.p", "address": "hr:0:float32",
 *   "group": "fast", "scale": 1, "offset": 0, "unit": "W"}]}</pre>
 */
record PointMap(Map<String, Long> pollGroups, List<Entry> points) {
    static final String DEFAULT_GROUP = "default";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    @JsonCreator
    PointMap(
            @JsonProperty("pollGroups") Map<String, Long> pollGroups,
            @JsonProperty(value = "points", required = true) List<Entry> points) {
        this.pollGroups = pollGroups == null ? Map.of() : new LinkedHashMap<>(pollGroups);
        this.points = List.copyOf(Objects.requireNonNull(points, "points"));
        this.pollGroups.forEach((name, ms) -> {
            if (ms == null || ms < 1) {
                throw new IllegalArgumentException("poll group '" + name + "' needs an interval ≥ 1 ms, got " + ms);
            }
        });
        for (Entry e : this.points) {
            if (!e.group().equals(DEFAULT_GROUP) && !this.pollGroups.containsKey(e.group())) {
                throw new IllegalArgumentException("point " + e.point() + " names poll group '" + e.group()
                        + "', which pollGroups does not define (defined: " + this.pollGroups.keySet() + ")");
            }
        }
        long distinct = this.points.stream().map(Entry::point).distinct().count();
        if (distinct != this.points.size()) {
            throw new IllegalArgumentException("a point id appears more than once");
        }
    }

    /** One mapped point. */
    record Entry(PointId point, String address, String group, double scale, double offset, String unit) {
        @JsonCreator
        Entry(
                @JsonProperty(value = "point", required = true) String point,
                @JsonProperty(value = "address", required = true) String address,
                @JsonProperty("group") String group,
                @JsonProperty("scale") Double scale,
                @JsonProperty("offset") Double offset,
                @JsonProperty("unit") String unit) {
            this(
                    PointId.of(point),
                    address,
                    group == null ? DEFAULT_GROUP : group,
                    scale == null ? 1 : scale,
                    offset == null ? 0 : offset,
                    unit == null ? "" : unit);
        }

        Entry {
            Objects.requireNonNull(address, "address");
            if (scale == 0 || !Double.isFinite(scale) || !Double.isFinite(offset)) {
                throw new IllegalArgumentException(
                        "point " + point + ": scale must be finite and non-zero, offset " + "finite");
            }
        }

        double toValue(double raw) {
            return raw * scale + offset;
        }

        double toRaw(double value) {
            return (value - offset) / scale;
        }
    }

    /** Reads and checks a point map; the message names the file, line, column and field that are wrong. */
    static PointMap read(Path file) throws ConfigException {
        try {
            return JSON.readValue(file.toFile(), PointMap.class);
        } catch (JsonProcessingException e) {
            throw new ConfigException("point map " + file + JsonFiles.describe(e), e);
        } catch (IOException e) {
            throw new ConfigException("point map " + file + " cannot be read: " + e, e);
        }
    }
}
