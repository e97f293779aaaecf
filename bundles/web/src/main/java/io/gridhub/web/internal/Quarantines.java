package io.gridhub.web.internal;

import io.gridhub.api.ingest.Quarantine;

/** What the ingest pipeline refused to store and why: {@code GET /quarantine?limit=&offset=} (newest first). */
final class Quarantines {
    private Quarantines() {}

    static void register(Handlers h, Services hub) {
        h.get("/api/v1/quarantine", c -> {
            Quarantine q = hub.quarantine();
            return Page.of(c, Page.LOG).window("entries", q::recent, q.total());
        });
    }
}
