package io.gridhub.web.internal;

/** The strategies (forecast, dispatch, allocation, …) and their states: {@code GET /strategies}. */
final class Strategies implements Resource {
    private final Services hub;

    Strategies(Services hub) {
        this.hub = hub;
    }

    @Override
    public void register(Handlers h) {
        h.get(
                "/api/v1/strategies",
                c -> Page.of(c, Page.CATALOG).of("strategies", hub.strategies().strategies()));
    }
}
