package io.gridhub.kafka.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridhub.api.event.HubEvent;
import io.gridhub.api.event.Severity;
import io.gridhub.api.model.AssetSchedule;
import io.gridhub.api.model.Binding;
import io.gridhub.api.model.Explanation;
import io.gridhub.api.model.Plan;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Message format v1 between hubs (docs/scale-out.md, "Message format"): one JSON object per Kafka record, UTF-8,
 * with {@code "v": 1}, the publishing hub ({@code hub}) and the community ({@code community}). Times are ISO-8601
 * instants, durations ISO-8601 durations, values in SI units as the model has them; a value that is not finite
 * (only in a sample that is not good) is the string {@code "NaN"}, {@code "Infinity"} or {@code "-Infinity"}.
 * Readers ignore fields they do not know (a later version of v1 may add some) and refuse another {@code v}.
 */
final class MessageFormat {
    /** The version this code writes and reads. */
    static final int VERSION = 1;

    /** The Kafka header that carries the version too, for routing without parsing. */
    static final String VERSION_HEADER = "gridhub-v";

    private static final ObjectMapper JSON = new ObjectMapper();

    private MessageFormat() {}

    /** A sample as a hub published it. */
    record SampleMessage(String hub, String community, Sample sample) {}

    /** An event as a hub raised it. */
    record EventMessage(String hub, String community, HubEvent event) {}

    /** A plan as a hub's loop made it for a community. */
    record PlanMessage(String hub, String community, Plan plan) {}

    /** A record this version cannot read: another version, or not a message of this kind. */
    static final class FormatException extends Exception {
        private static final long serialVersionUID = 1L;

        FormatException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    // ---------------------------------------------------------------- samples

    static byte[] sample(String hub, String community, Sample s) {
        ObjectNode o = head(hub, community);
        o.put("point", s.point().value());
        number(o, "value", s.value());
        o.put("t", s.sourceTime().toString());
        if (!s.receivedTime().equals(s.sourceTime())) {
            o.put("rt", s.receivedTime().toString());
        }
        if (!s.quality().isGood()) {
            ObjectNode q = o.putObject("q");
            q.put("status", s.quality().status().name());
            q.put("reason", s.quality().reason().name());
            if (!s.quality().detail().isEmpty()) {
                q.put("detail", s.quality().detail());
            }
        }
        return bytes(o);
    }

    static SampleMessage sample(byte[] data) throws FormatException {
        JsonNode o = read(data);
        try {
            Instant t = Instant.parse(text(o, "t"));
            Instant rt = o.hasNonNull("rt") ? Instant.parse(text(o, "rt")) : t;
            Quality q = Quality.GOOD;
            JsonNode qn = o.get("q");
            if (qn != null && !qn.isNull()) {
                q = new Quality(
                        Quality.Status.valueOf(text(qn, "status")),
                        Quality.Reason.valueOf(text(qn, "reason")),
                        qn.path("detail").asText(""));
            }
            Sample s = new Sample(PointId.of(text(o, "point")), number(o, "value"), q, t, rt);
            return new SampleMessage(
                    o.path("hub").asText(""), o.path("community").asText(""), s);
        } catch (RuntimeException e) {
            throw new FormatException("not a v1 sample: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- events

    static byte[] event(String hub, HubEvent e) {
        ObjectNode o = head(hub, e.community());
        o.put("id", e.id());
        o.put("time", e.time().toString());
        o.put("source", e.source());
        o.put("severity", e.severity().name());
        o.put("subject", e.subject());
        o.put("message", e.message());
        return bytes(o);
    }

    static EventMessage event(byte[] data) throws FormatException {
        JsonNode o = read(data);
        try {
            HubEvent e = new HubEvent(
                    o.path("id").asLong(),
                    Instant.parse(text(o, "time")),
                    o.path("community").asText(""),
                    text(o, "source"),
                    Severity.valueOf(text(o, "severity")),
                    o.path("subject").asText(""),
                    text(o, "message"));
            return new EventMessage(o.path("hub").asText(""), e.community(), e);
        } catch (RuntimeException e) {
            throw new FormatException("not a v1 event: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- plans

    static byte[] plan(String hub, String community, Plan p) {
        ObjectNode o = head(hub, community);
        o.put("id", p.id());
        o.put("strategy", p.strategy());
        o.put("strategyVersion", p.strategyVersion());
        o.put("issueTime", p.issueTime().toString());
        o.put("start", p.start().toString());
        o.put("step", p.step().toString());
        o.put("steps", p.steps());
        if (p.solveTime() != null) {
            o.put("solveTime", p.solveTime().toString());
        }
        ArrayNode schedules = o.putArray("schedules");
        for (AssetSchedule s : p.schedules()) {
            ObjectNode n = schedules.addObject();
            n.put("asset", s.assetId());
            if (s.setpoint() != null) {
                n.put("setpoint", s.setpoint().value());
            }
            numbers(n.putArray("w"), s.setpointsW());
            n.put("reason", s.reason());
        }
        Explanation x = p.explanation();
        ObjectNode e = o.putObject("explanation");
        e.put("summary", x.summary());
        number(e, "costEur", x.costEur());
        number(e, "baselineCostEur", x.baselineCostEur());
        e.put("status", x.status());
        ArrayNode bc = e.putArray("bindingConstraints");
        x.bindingConstraints().forEach(bc::add);
        ArrayNode binding = e.putArray("binding");
        for (Binding b : x.binding()) {
            ObjectNode n = binding.addObject();
            n.put("step", b.step());
            n.put("constraint", b.constraint());
            number(n, "shadowPriceEurPerKWh", b.shadowPriceEurPerKWh());
        }
        ObjectNode series = e.putObject("series");
        x.series().forEach((k, v) -> numbers(series.putArray(k), v));
        return bytes(o);
    }

    static PlanMessage plan(byte[] data) throws FormatException {
        JsonNode o = read(data);
        try {
            List<AssetSchedule> schedules = new ArrayList<>();
            for (JsonNode n : o.path("schedules")) {
                schedules.add(new AssetSchedule(
                        text(n, "asset"),
                        n.hasNonNull("setpoint") ? PointId.of(text(n, "setpoint")) : null,
                        numbers(n.path("w")),
                        n.path("reason").asText("")));
            }
            JsonNode e = o.path("explanation");
            List<String> bc = new ArrayList<>();
            e.path("bindingConstraints").forEach(n -> bc.add(n.asText()));
            List<Binding> binding = new ArrayList<>();
            for (JsonNode n : e.path("binding")) {
                binding.add(
                        new Binding(n.path("step").asInt(), text(n, "constraint"), number(n, "shadowPriceEurPerKWh")));
            }
            Map<String, double[]> series = new LinkedHashMap<>();
            e.path("series").fields().forEachRemaining(f -> series.put(f.getKey(), numbers(f.getValue())));
            Explanation x = new Explanation(
                    e.path("summary").asText(""),
                    number(e, "costEur"),
                    number(e, "baselineCostEur"),
                    bc,
                    e.path("status").asText(""),
                    binding,
                    series);
            Plan p = new Plan(
                    text(o, "id"),
                    text(o, "strategy"),
                    Instant.parse(text(o, "issueTime")),
                    Instant.parse(text(o, "start")),
                    Duration.parse(text(o, "step")),
                    o.path("steps").asInt(),
                    schedules,
                    x,
                    o.hasNonNull("solveTime") ? Duration.parse(text(o, "solveTime")) : null,
                    o.path("strategyVersion").asText(""));
            return new PlanMessage(o.path("hub").asText(""), o.path("community").asText(""), p);
        } catch (RuntimeException e) {
            throw new FormatException("not a v1 plan: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static ObjectNode head(String hub, String community) {
        ObjectNode o = JSON.createObjectNode();
        o.put("v", VERSION);
        o.put("hub", hub);
        o.put("community", community == null ? "" : community);
        return o;
    }

    private static JsonNode read(byte[] data) throws FormatException {
        JsonNode o;
        try {
            o = JSON.readTree(data);
        } catch (IOException e) {
            throw new FormatException("not JSON: " + e.getMessage(), e);
        }
        if (o == null || !o.isObject()) {
            throw new FormatException("not a JSON object", null);
        }
        int v = o.path("v").asInt(-1);
        if (v != VERSION) {
            throw new FormatException("message format v" + v + ", this hub reads v" + VERSION, null);
        }
        return o;
    }

    private static String text(JsonNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        return n.asText();
    }

    private static void number(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) {
            o.put(field, v);
        } else {
            o.put(field, Double.toString(v));
        }
    }

    private static double number(JsonNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        return value(n, field);
    }

    private static double value(JsonNode n, String field) {
        if (n.isNumber()) {
            return n.doubleValue();
        }
        return switch (n.asText()) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> throw new IllegalArgumentException("field '" + field + "' is not a number: " + n);
        };
    }

    private static void numbers(ArrayNode a, double[] values) {
        for (double v : values) {
            if (Double.isFinite(v)) {
                a.add(v);
            } else {
                a.add(Double.toString(v));
            }
        }
    }

    private static double[] numbers(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = value(a.get(i), "values");
        }
        return out;
    }

    private static byte[] bytes(ObjectNode o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
