package io.gridhub.web.internal;

import io.gridhub.api.event.HubEvents;
import java.util.Map;

/**
 * {@code GET /events?limit=&offset=}: the hub's recent events, newest first (default 100 a page); with
 * {@code Accept: text/event-stream} the live stream of events and point values instead ({@link EventStream}).
 */
final class Events {
    private Events() {}

    static void register(Handlers h, Services hub, EventStream stream) {
        h.on("GET", "/api/v1/events", c -> {
            if (EventStream.wanted(c)) {
                stream.run(c);
            } else {
                Json.write(c.resp(), 200, get(hub.events(), Page.of(c, Page.LOG)));
            }
        });
    }

    static Map<String, Object> get(HubEvents events, Page page) {
        return page.window("events", events::recent, null);
    }
}
