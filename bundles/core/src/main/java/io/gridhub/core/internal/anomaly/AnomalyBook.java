package io.gridhub.core.internal.anomaly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridhub.api.anomaly.Anomaly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the triage queue remembers across restarts: every anomaly it keeps and the next id. One JSON file written
 * atomically (a temporary file moved over it); a file that cannot be read is set aside as {@code .broken} and the
 * queue starts empty, saying so: a broken file never stops the hub. Not thread-safe: the queue holds its lock.
 */
final class AnomalyBook {
    private static final Logger LOG = LoggerFactory.getLogger(AnomalyBook.class);

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
        if (Files.exists(file)) {
            try {
                b.read(AnomalyJson.MAPPER.readTree(file.toFile()));
            } catch (IOException | RuntimeException e) {
                b.byId.clear();
                b.next = 1;
                Path aside = file.resolveSibling(file.getFileName() + ".broken");
                LOG.error(
                        "the anomaly queue's file {} cannot be read ({}): it is moved to {} and the queue starts "
                                + "empty",
                        file,
                        e.getMessage(),
                        aside);
                try {
                    Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException m) {
                    LOG.error("moving {} aside failed: {}", file, m.toString());
                }
            }
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
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            ObjectNode root = AnomalyJson.MAPPER.createObjectNode().put("next", next);
            ArrayNode list = root.putArray("anomalies");
            byId.values().forEach(a -> list.add(AnomalyJson.write(a)));
            AnomalyJson.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            LOG.error("saving the anomaly queue to {} failed: {}", file, e.toString());
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
