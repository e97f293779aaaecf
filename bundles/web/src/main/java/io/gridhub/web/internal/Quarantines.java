package io.gridhub.web.internal;

import io.gridhub.api.ingest.Quarantine;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the ingest pipeline refused to store and why: {@code GET /quarantine?limit=} (newest first). */
final class Quarantines implements Resource {
    private final Services hub;

    Quarantines(Services hub) {
        this.hub = hub;
    }

    @Override
    public void register(Handlers h) {
        h.get("/api/v1/quarantine", c -> {
            Quarantine q = hub.quarantine();
            int limit = Query.limit(c.param("limit"), 100, 10_000);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("total", q.total());
            body.put("entries", q.recent(limit));
            return body;
        });
    }
}
