package io.gridhub.web.internal;

import io.gridhub.api.event.HubEvents;
import java.util.Map;

/** {@code GET /events?limit=&offset=}: the hub's recent events, newest first (default 100 a page). */
final class Events implements Resource {
    private final Services hub;

    Events(Services hub) {
        this.hub = hub;
    }

    @Override
    public void register(Handlers h) {
        h.get("/api/v1/events", c -> get(hub.events(), Page.of(c, Page.LOG)));
    }

    static Map<String, Object> get(HubEvents events, Page page) {
        return page.window("events", events::recent, null);
    }
}
