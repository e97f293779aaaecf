package io.gridhub.web.internal;

/** The strategies (forecast, dispatch, allocation, …) and their states: {@code GET /strategies}. */
final class Strategies {
    private Strategies() {}

    static void register(Handlers h, Services hub) {
        h.get(
                "/api/v1/strategies",
                c -> Page.of(c, Page.CATALOG).of("strategies", hub.strategies().strategies()));
    }
}
