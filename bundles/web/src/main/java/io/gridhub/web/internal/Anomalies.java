package io.gridhub.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridhub.api.anomaly.Anomaly;
import io.gridhub.api.anomaly.AnomalyFilter;
import io.gridhub.api.anomaly.AnomalyKind;
import io.gridhub.api.anomaly.AnomalyQueue;
import io.gridhub.api.anomaly.AnomalySeverity;
import io.gridhub.api.anomaly.AnomalyState;
import io.gridhub.api.anomaly.Finding;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The anomaly triage queue: {@code GET /anomalies} lists it newest first, filtered by {@code kind}, {@code state},
 * {@code severity}, {@code point}, {@code member} and {@code community}; {@code GET /anomalies/{anomaly}} shows one
 * with its history; {@code POST /anomalies/{anomaly}/state} (operators) moves it to another state with a comment,
 * audited by the queue. Kinds, states and severities are written in lower case. An anomaly about members is
 * personal data: staff see every anomaly, a viewer those about no member (shared assets, the grid), a member those
 * about itself alone.
 */
final class Anomalies {
    private static final List<String> FIELDS = List.of("state", "comment");

    private Anomalies() {}

    static void register(Handlers h, Services hub) {
        h.get("/api/v1/anomalies", c -> {
            AnomalyFilter filter = new AnomalyFilter(
                    c.param("community"),
                    parse(AnomalyKind.class, "kind", c.param("kind")),
                    parse(AnomalyState.class, "state", c.param("state")),
                    parse(AnomalySeverity.class, "severity", c.param("severity")),
                    c.param("point"),
                    c.param("member"),
                    Page.MAX_WINDOW);
            List<Map<String, Object>> out = hub.anomalies().list(filter).stream()
                    .filter(a -> visible(c.caller(), a))
                    .map(Anomalies::json)
                    .toList();
            return Page.of(c, Page.LOG).of("anomalies", out);
        });
        h.get("/api/v1/anomalies/{anomaly}", c -> json(find(c, hub.anomalies())));
        h.post("/api/v1/anomalies/{anomaly}/state", 200, c -> transition(c, hub.anomalies()));
    }

    private static Anomaly find(Call c, AnomalyQueue queue) {
        String raw = c.decoded("anomaly");
        long id;
        try {
            id = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new ApiException(404, "no anomaly " + raw + " (anomalies have numbers)");
        }
        Anomaly a = queue.get(id).orElseThrow(() -> new ApiException(404, "no anomaly " + id));
        if (!visible(c.caller(), a)) {
            throw new ApiException(
                    403,
                    "anomaly " + id + " concerns members " + a.finding().members()
                            + ": only operators, governance leads and the member itself may read it");
        }
        return a;
    }

    private static Map<String, Object> transition(Call c, AnomalyQueue queue) throws IOException {
        Anomaly a = find(c, queue);
        JsonNode body = c.object("{\"state\": …, \"comment\": …}", FIELDS);
        JsonNode state = body.get("state");
        if (state == null || !state.isTextual()) {
            throw new ApiException(400, "state: one of " + names(AnomalyState.class));
        }
        AnomalyState to = parse(AnomalyState.class, "state", state.asText());
        JsonNode comment = body.get("comment");
        if (comment == null || !comment.isTextual() || comment.asText().isBlank()) {
            throw new ApiException(400, "comment: why, as text (every transition says why)");
        }
        try {
            return json(queue.transition(a.id(), to, c.caller().name(), comment.asText()));
        } catch (IllegalArgumentException e) {
            // The anomaly exists (found above): what is left is a transition its state does not allow, or a comment
            // too long.
            throw new ApiException(e.getMessage().startsWith("comment") ? 400 : 409, e.getMessage());
        } catch (IllegalStateException e) {
            throw new ApiException(503, e.getMessage());
        }
    }

    /** Staff read every anomaly; a viewer those about no member; a member those about itself alone. */
    static boolean visible(Caller caller, Anomaly a) {
        if (caller.staff()) {
            return true;
        }
        List<String> members = a.finding().members();
        if (members.isEmpty()) {
            return caller.has(Roles.VIEWER);
        }
        return members.stream().allMatch(caller::isMember);
    }

    /** A constant of {@code type} by its name in any case; 400 naming the parameter when there is none. */
    static <E extends Enum<E>> E parse(Class<E> type, String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, name + " must be one of " + names(type) + ", got '" + raw + "'");
        }
    }

    private static <E extends Enum<E>> List<String> names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Anomalies::lower).toList();
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    static Map<String, Object> json(Anomaly a) {
        Finding f = a.finding();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("community", f.community());
        m.put("kind", lower(f.kind()));
        m.put("severity", lower(f.severity()));
        m.put("state", lower(a.state()));
        m.put("points", f.points());
        m.put("members", f.members());
        m.put("from", f.from());
        m.put("to", f.to());
        m.put("explanation", f.explanation());
        m.put("score", f.score());
        m.put("detector", f.detector());
        m.put("occurrences", a.occurrences());
        m.put("firstSeen", a.firstSeen());
        m.put("lastSeen", a.lastSeen());
        m.put(
                "history",
                a.history().stream()
                        .map(t -> {
                            Map<String, Object> x = new LinkedHashMap<>();
                            x.put("time", t.time());
                            x.put("user", t.user());
                            x.put("from", lower(t.from()));
                            x.put("to", lower(t.to()));
                            x.put("comment", t.comment());
                            return x;
                        })
                        .toList());
        return m;
    }
}
