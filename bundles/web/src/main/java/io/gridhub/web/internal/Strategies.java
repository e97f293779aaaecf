package io.gridhub.web.internal;

import java.util.Map;

/** The strategies (forecast, dispatch, allocation, …) and their states: {@code GET /strategies}. */
final class Strategies implements Resource {
    private final Services hub;

    Strategies(Services hub) {
        this.hub = hub;
    }

    @Override
    public void register(Handlers h) {
        h.get("/api/v1/strategies", c -> Map.of("strategies", hub.strategies().strategies()));
    }
}
