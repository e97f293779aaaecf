package io.gridhub.web.internal;

import io.gridhub.api.event.HubEvents;
import java.util.Map;
import java.util.function.Function;

/** {@code GET /events?limit=N}: the hub's recent events, newest first (default 100, at most 10,000). */
final class Events implements Resource {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 10_000;

    private final Services hub;

    Events(Services hub) {
        this.hub = hub;
    }

    @Override
    public void register(Handlers h) {
        h.get("/api/v1/events", c -> get(hub.events(), c.seg(), c.req()::getParameter));
    }

    static Map<String, Object> get(HubEvents events, String[] seg, Function<String, String> query) {
        if (seg.length != 1) {
            throw new ApiException(404, "try /api/v1/events?limit=100");
        }
        return Map.of("events", events.recent(Query.limit(query.apply("limit"), DEFAULT_LIMIT, MAX_LIMIT)));
    }
}
