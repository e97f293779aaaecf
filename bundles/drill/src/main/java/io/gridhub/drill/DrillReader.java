package io.gridhub.drill;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridhub.drill.DrillSpec.Event;
import io.gridhub.drill.DrillSpec.EventType;
import io.gridhub.drill.DrillSpec.LoadClass;
import io.gridhub.drill.DrillSpec.Method;
import io.gridhub.drill.DrillSpec.Quantiles;
import io.gridhub.drill.DrillSpec.Uncertainty;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a drill (docs/drill-scenario.schema.json): malformed JSON is reported with its line and column, a schema
 * violation with its JSON path, as an {@link IllegalArgumentException} whose message starts with the source's name.
 */
public final class DrillReader {
    private static final SchemaDocument SCHEMA = new SchemaDocument(DrillReader.class, "drill-scenario.schema.json");

    private DrillReader() {}

    /** The drill's tree, checked against the schema (the CLI reads {@code scenario} from it). */
    public static JsonNode tree(String text, String name) {
        return SCHEMA.read(text, name);
    }

    /** Reads a drill from its JSON text. */
    public static DrillSpec parse(String text, String name) {
        return read(tree(text, name), name);
    }

    /** Reads a schema-valid drill tree. */
    public static DrillSpec read(JsonNode root, String name) {
        List<Event> events = new ArrayList<>();
        int i = 0;
        for (JsonNode e : root.path("events")) {
            events.add(event(e, name + ": $.events[" + i++ + "]"));
        }
        JsonNode loads = root.path("loads");
        LoadClass def = loads.has("default") ? loadClass(loads.get("default"), LoadClass.DEFAULT) : null;
        Map<String, LoadClass> members = new LinkedHashMap<>();
        loads.path("members")
                .fields()
                .forEachRemaining(
                        f -> members.put(f.getKey(), loadClass(f.getValue(), def == null ? LoadClass.DEFAULT : def)));
        JsonNode u = root.path("uncertainty");
        Map<String, Quantiles> q = new LinkedHashMap<>();
        u.path("quantiles").fields().forEachRemaining(f -> {
            double[] p10 = numbers(f.getValue().get("p10"));
            double[] p90 = numbers(f.getValue().get("p90"));
            if (p10.length != p90.length) {
                throw new IllegalArgumentException(
                        name + ": $.uncertainty.quantiles." + f.getKey() + ": p10 and p90 differ in length");
            }
            q.put(f.getKey(), new Quantiles(p10, p90));
        });
        Uncertainty unc = new Uncertainty(
                u.path("loadSpread").asDouble(0), u.path("pvSpread").asDouble(0), q);
        Method method = root.has("method")
                ? Method.valueOf(
                        root.get("method").asText().toUpperCase(Locale.ROOT).replace('-', '_'))
                : Method.AUTO;
        return new DrillSpec(
                root.get("id").asText(),
                root.path("description").asText(null),
                events,
                def,
                members,
                unc,
                root.path("runs").asInt(DrillSpec.DEFAULT_RUNS),
                root.path("seed").asLong(1),
                Duration.ofMillis(Math.round(root.path("timeBudgetSeconds").asDouble(60) * 1000)),
                method);
    }

    private static Event event(JsonNode e, String path) {
        EventType type = EventType.valueOf(
                e.get("type").asText().toUpperCase(Locale.ROOT).replace('-', '_'));
        Instant from = null;
        if (e.has("from")) {
            try {
                from = Instant.parse(e.get("from").asText());
            } catch (DateTimeParseException x) {
                throw new IllegalArgumentException(
                        path + ".from: not an instant: '" + e.get("from").asText() + "'");
            }
        }
        Duration d =
                e.has("hours") ? Duration.ofMillis(Math.round(e.get("hours").asDouble() * 3_600_000)) : null;
        return new Event(
                type,
                from,
                d,
                e.path("limitPercent").asDouble(100),
                strings(e.path("feeders")),
                strings(e.path("transformers")),
                e.path("connection").asBoolean(false),
                e.has("importEurPerKWh") ? e.get("importEurPerKWh").asDouble() : null,
                e.path("priceFactor").asDouble(1),
                strings(e.path("assets")));
    }

    private static LoadClass loadClass(JsonNode n, LoadClass base) {
        return new LoadClass(
                n.path("criticalW").asDouble(base.criticalW()),
                n.path("criticalShare").asDouble(base.criticalShare()),
                n.path("shedPriority").asInt(base.shedPriority()));
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static double[] numbers(JsonNode a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asDouble();
        }
        return v;
    }
}
