package io.gridhub.core.internal.anomaly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridhub.api.anomaly.Anomaly;
import io.gridhub.api.anomaly.AnomalyKind;
import io.gridhub.api.anomaly.AnomalySeverity;
import io.gridhub.api.anomaly.AnomalyState;
import io.gridhub.api.anomaly.Finding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An anomaly as JSON, one form for the queue's file and the alert webhook: the finding's fields at the top level
 * beside the queue's ({@code id}, {@code occurrences}, {@code firstSeen}, {@code lastSeen}, {@code state},
 * {@code history}); instants as ISO-8601 text, enums by name.
 */
final class AnomalyJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private AnomalyJson() {}

    static ObjectNode write(Anomaly a) {
        Finding f = a.finding();
        ObjectNode n = MAPPER.createObjectNode()
                .put("id", a.id())
                .put("community", f.community())
                .put("kind", f.kind().name())
                .put("severity", f.severity().name())
                .put("state", a.state().name());
        strings(n.putArray("points"), f.points());
        strings(n.putArray("members"), f.members());
        n.put("from", f.from().toString())
                .put("to", f.to().toString())
                .put("explanation", f.explanation())
                .put("score", Double.isFinite(f.score()) ? f.score() : 0)
                .put("detector", f.detector())
                .put("occurrences", a.occurrences())
                .put("firstSeen", a.firstSeen().toString())
                .put("lastSeen", a.lastSeen().toString());
        ArrayNode h = n.putArray("history");
        for (Anomaly.Transition t : a.history()) {
            h.addObject()
                    .put("time", t.time().toString())
                    .put("user", t.user())
                    .put("from", t.from().name())
                    .put("to", t.to().name())
                    .put("comment", t.comment());
        }
        return n;
    }

    static Anomaly read(JsonNode n) {
        Finding f = new Finding(
                text(n, "community"),
                AnomalyKind.valueOf(text(n, "kind")),
                AnomalySeverity.valueOf(text(n, "severity")),
                strings(n.path("points")),
                strings(n.path("members")),
                Instant.parse(text(n, "from")),
                Instant.parse(text(n, "to")),
                text(n, "explanation"),
                n.path("score").asDouble(0),
                n.path("detector").asText(""));
        List<Anomaly.Transition> history = new ArrayList<>();
        for (JsonNode t : n.path("history")) {
            history.add(new Anomaly.Transition(
                    Instant.parse(text(t, "time")),
                    text(t, "user"),
                    AnomalyState.valueOf(text(t, "from")),
                    AnomalyState.valueOf(text(t, "to")),
                    t.path("comment").asText("")));
        }
        long id = n.path("id").asLong(0);
        if (id <= 0) {
            throw new IllegalArgumentException("an anomaly without a positive id: " + n);
        }
        return new Anomaly(
                id,
                f,
                Math.max(1, n.path("occurrences").asInt(1)),
                Instant.parse(text(n, "firstSeen")),
                Instant.parse(text(n, "lastSeen")),
                AnomalyState.valueOf(text(n, "state")),
                history);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("field " + field + " missing or not text in " + n);
        }
        return v.asText();
    }

    private static void strings(ArrayNode into, List<String> values) {
        values.forEach(into::add);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
