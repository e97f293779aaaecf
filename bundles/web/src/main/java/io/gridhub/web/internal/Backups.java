package io.gridhub.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridhub.api.store.StoreBackup;
import io.gridhub.api.store.StoreException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.framework.ServiceReference;

/**
 * {@code POST /admin/backup} (admins; body {@code {"directory": "/absolute/folder"}}): an online backup of the store,
 * its settlement ledger and its audit trail into a new folder on the hub's host, while the hub ingests; what
 * {@code ./gridhub backup DIR} calls. The request is audited like every write (by the access filter).
 */
final class Backups {
    private Backups() {}

    static void register(Handlers h, Services hub) {
        h.post("/api/v1/admin/backup", 200, c -> {
            String body = c.body();
            JsonNode n = Json.MAPPER.readTree(body.isBlank() ? "{}" : body);
            if (!n.path("directory").isTextual() || n.path("directory").asText().isBlank()) {
                throw new ApiException(400, "directory: an absolute folder on the hub's host is required");
            }
            Path dir;
            try {
                dir = Path.of(n.path("directory").asText());
            } catch (InvalidPathException e) {
                throw new ApiException(400, "directory: " + e.getMessage());
            }
            if (!dir.isAbsolute()) {
                throw new ApiException(400, "directory: " + dir + " is not an absolute path");
            }
            ServiceReference<StoreBackup> ref = hub.context().getServiceReference(StoreBackup.class);
            StoreBackup backup = ref == null ? null : hub.context().getService(ref);
            if (backup == null) {
                throw new ApiException(503, "no store that can be backed up is running");
            }
            try {
                StoreBackup.Backup b = backup.backup(dir.normalize());
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("directory", b.directory().toString());
                m.put("started", b.started().toString());
                m.put("bytes", b.bytes());
                m.put("took", b.took().toString());
                return m;
            } catch (StoreException e) {
                throw new ApiException(e.getMessage().contains("is not empty") ? 409 : 500, e.getMessage());
            } finally {
                hub.context().ungetService(ref);
            }
        });
    }
}
