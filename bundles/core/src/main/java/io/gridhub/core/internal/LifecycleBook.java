package io.gridhub.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridhub.api.strategy.StrategyRole;
import io.gridhub.api.strategy.StrategyState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the strategy lifecycle remembers across restarts: per role the chosen active version, the versions active
 * before it (the rollback history) and the last approval an operator's change overrode; per version its last
 * lifecycle state (shadow, retired, quarantined …) with when and why. Kept as one JSON file written atomically; a
 * file that cannot be read is set aside as {@code .broken} and the lifecycle starts afresh, saying so.
 */
final class LifecycleBook {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HISTORY = 20;

    /** One deployed strategy version. */
    record Key(StrategyRole role, String name, String version) {}

    /** A version's lifecycle state, since when and why. */
    record Mark(StrategyState state, Instant since, String reason) {}

    /** One role's choice and history. */
    static final class Role {
        Key active;
        final List<Key> history = new ArrayList<>();
        /** The approval in force that an operator's or guard rail's change overrode; 0: none. */
        long overriddenApproval;
        /** The last approval followed; 0: none. */
        long followedApproval;

        void pushHistory(Key k) {
            history.remove(k);
            history.add(k);
            while (history.size() > HISTORY) {
                history.remove(0);
            }
        }

        void dropHistory(Key k) {
            history.remove(k);
        }
    }

    private final Path file;
    private final Map<StrategyRole, Role> roles = new EnumMap<>(StrategyRole.class);
    private final Map<Key, Mark> marks = new LinkedHashMap<>();

    private LifecycleBook(Path file) {
        this.file = file;
    }

    static LifecycleBook inMemory() {
        return new LifecycleBook(null);
    }

    static LifecycleBook at(Path file) {
        LifecycleBook b = new LifecycleBook(file);
        if (!StateFiles.read(
                file,
                "strategy lifecycle",
                "the lifecycle starts afresh (the lowest version of each role runs)",
                b::read)) {
            b.roles.clear();
            b.marks.clear();
        }
        return b;
    }

    synchronized Role role(StrategyRole role) {
        return roles.computeIfAbsent(role, r -> new Role());
    }

    synchronized Mark mark(Key key) {
        return marks.get(key);
    }

    synchronized void mark(Key key, StrategyState state, Instant since, String reason) {
        Mark m = marks.get(key);
        if (m == null || m.state() != state || !m.reason().equals(reason)) {
            marks.put(key, new Mark(state, since, reason == null ? "" : reason));
        }
    }

    /** Writes the file (nothing in memory); a failure is logged, the lifecycle goes on in memory. */
    synchronized void save() {
        if (file != null) {
            StateFiles.write(file, "strategy lifecycle", write());
        }
    }

    private ObjectNode write() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode rs = root.putObject("roles");
        roles.forEach((role, r) -> {
            ObjectNode n = rs.putObject(role.name());
            if (r.active != null) {
                n.set("active", key(r.active));
            }
            ArrayNode h = n.putArray("history");
            r.history.forEach(k -> h.add(key(k)));
            n.put("overriddenApproval", r.overriddenApproval);
            n.put("followedApproval", r.followedApproval);
        });
        ArrayNode ms = root.putArray("marks");
        marks.forEach((k, m) -> ms.add(key(k).put("state", m.state().name())
                .put("since", m.since().toString())
                .put("reason", m.reason())));
        return root;
    }

    private static ObjectNode key(Key k) {
        return JSON.createObjectNode()
                .put("role", k.role().name())
                .put("name", k.name())
                .put("version", k.version());
    }

    private void read(JsonNode root) {
        root.path("roles").fields().forEachRemaining(e -> {
            Role r = role(StrategyRole.valueOf(e.getKey()));
            JsonNode n = e.getValue();
            r.active = n.hasNonNull("active") ? key(n.get("active")) : null;
            n.path("history").forEach(k -> r.history.add(key(k)));
            r.overriddenApproval = n.path("overriddenApproval").asLong(0);
            r.followedApproval = n.path("followedApproval").asLong(0);
        });
        for (JsonNode m : root.path("marks")) {
            marks.put(
                    key(m),
                    new Mark(
                            StrategyState.valueOf(m.path("state").asText()),
                            Instant.parse(m.path("since").asText()),
                            m.path("reason").asText("")));
        }
    }

    private static Key key(JsonNode n) {
        String name = n.path("name").asText(null);
        String version = n.path("version").asText(null);
        if (name == null || version == null) {
            throw new IllegalArgumentException("a strategy without name or version: " + n);
        }
        return new Key(StrategyRole.valueOf(n.path("role").asText()), name, version);
    }
}
