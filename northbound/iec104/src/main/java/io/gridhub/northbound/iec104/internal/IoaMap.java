package io.gridhub.northbound.iec104.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridhub.api.model.PointId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which model point is which information object. Monitored entries are reported on interrogation and sent
 * spontaneously on change; command entries ({@code "command": true}) accept commands that become setpoints.
 *
 * <pre>
 * { "points": [
 *   { "ioa": 1001, "point": "demo.shared-bat.p",     "type": "float", "deadband": 50 },
 *   { "ioa": 5001, "point": "demo.shared-bat.p_set", "type": "float", "command": true, "sbo": false } ] }
 * </pre>
 */
public record IoaMap(List<Entry> entries) {
    public enum Type {
        SINGLE,
        DOUBLE,
        NORMALIZED,
        SCALED,
        FLOAT
    }

    /**
     * @param scale    the transmitted value is the point's value × scale (e.g. 0.001 for W as kW); commands divide
     * @param deadband a change smaller than this is not sent spontaneously (NaN: the server's default)
     * @param sbo      a command must be selected before it operates
     */
    public record Entry(
            int ioa, PointId point, Type type, boolean command, double scale, double deadband, boolean sbo) {}

    public IoaMap {
        entries = List.copyOf(entries);
    }

    public List<Entry> monitored() {
        return entries.stream().filter(e -> !e.command()).toList();
    }

    /** Command entries by IOA. */
    public Map<Integer, Entry> commands() {
        Map<Integer, Entry> m = new HashMap<>();
        entries.stream().filter(Entry::command).forEach(e -> m.put(e.ioa(), e));
        return m;
    }

    /** Monitored entries by point (a point may be reported under several IOAs). */
    public Map<PointId, List<Entry>> byPoint() {
        Map<PointId, List<Entry>> m = new LinkedHashMap<>();
        monitored()
                .forEach(e ->
                        m.computeIfAbsent(e.point(), p -> new ArrayList<>()).add(e));
        return m;
    }

    public static IoaMap read(Path file) throws IOException {
        try {
            return parse(new ObjectMapper().readTree(Files.readString(file)));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    static IoaMap parse(JsonNode root) {
        JsonNode points = root.path("points");
        if (!points.isArray()) {
            throw new IllegalArgumentException("$.points: expected an array");
        }
        List<Entry> list = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < points.size(); i++) {
            JsonNode p = points.get(i);
            String at = "$.points[" + i + "]";
            int ioa = p.path("ioa").asInt(-1);
            if (ioa < 1 || ioa > 0xFF_FFFF) {
                throw new IllegalArgumentException(at + ".ioa: expected 1..16777215");
            }
            PointId point;
            try {
                point = PointId.of(p.path("point").asText(""));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + ".point: " + e.getMessage());
            }
            Type type;
            try {
                type = Type.valueOf(p.path("type").asText("float").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + ".type: one of single, double, normalized, scaled, float");
            }
            boolean command = p.path("command").asBoolean(false);
            String key = (command ? "c" : "m") + ioa;
            if (seen.putIfAbsent(key, i) != null) {
                throw new IllegalArgumentException(
                        at + ".ioa: " + ioa + " already used by $.points[" + seen.get(key) + "]");
            }
            double scale = p.path("scale").asDouble(1);
            if (scale == 0 || !Double.isFinite(scale)) {
                throw new IllegalArgumentException(at + ".scale: must be a finite non-zero number");
            }
            double deadband = p.has("deadband") ? p.path("deadband").asDouble() : Double.NaN;
            list.add(new Entry(
                    ioa, point, type, command, scale, deadband, p.path("sbo").asBoolean(false)));
        }
        return new IoaMap(list);
    }
}
