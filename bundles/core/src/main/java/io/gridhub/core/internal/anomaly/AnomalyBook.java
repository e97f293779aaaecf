package io.gridhub.core.internal.anomaly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridhub.api.anomaly.Anomaly;
import io.gridhub.core.internal.StateFiles;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * What the triage queue remembers across restarts: every anomaly it keeps and the next id. One JSON file written
 * atomically (a temporary file moved over it); a file that cannot be read is set aside as {@code .broken} and the
 * queue starts empty, saying so: a broken file never stops the hub. Not thread-safe: the queue holds its lock.
 */
final class AnomalyBook {

    private final Path file;
    private final TreeMap<Long, Anomaly> byId = new TreeMap<>();
    private long next = 1;

    private AnomalyBook(Path file) {
        this.file = file;
    }

    static AnomalyBook inMemory() {
        return new AnomalyBook(null);
    }

    static AnomalyBook at(Path file) {
        AnomalyBook b = new AnomalyBook(file);
        if (!StateFiles.read(file, "anomaly queue's", "the queue starts empty", b::read)) {
            b.byId.clear();
            b.next = 1;
        }
        return b;
    }

    long nextId() {
        return next++;
    }

    Anomaly get(long id) {
        return byId.get(id);
    }

    void put(Anomaly a) {
        byId.put(a.id(), a);
    }

    void remove(long id) {
        byId.remove(id);
    }

    /** Every anomaly kept, oldest (lowest id) first. */
    Collection<Anomaly> all() {
        return byId.values();
    }

    /** Writes the file; a failure is logged and the queue goes on in memory. */
    void save() {
        if (file != null) {
            ObjectNode root = AnomalyJson.MAPPER.createObjectNode().put("next", next);
            ArrayNode list = root.putArray("anomalies");
            byId.values().forEach(a -> list.add(AnomalyJson.write(a)));
            StateFiles.write(file, "anomaly queue", root);
        }
    }

    private void read(JsonNode root) {
        if (!root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        for (JsonNode n : root.path("anomalies")) {
            Anomaly a = AnomalyJson.read(n);
            byId.put(a.id(), a);
        }
        long last = byId.isEmpty() ? 0 : byId.lastKey();
        next = Math.max(last + 1, root.path("next").asLong(1));
    }

    List<Anomaly> snapshot() {
        return List.copyOf(byId.values());
    }
}
