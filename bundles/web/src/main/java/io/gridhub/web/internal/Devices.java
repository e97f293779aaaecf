package io.gridhub.web.internal;

/** The devices of the driver host and their health: {@code GET /devices} and {@code GET /devices/{device}}. */
final class Devices implements Resource {
    private final Services hub;

    Devices(Services hub) {
        this.hub = hub;
    }

    @Override
    public void register(Handlers h) {
        h.get(
                "/api/v1/devices",
                c -> Page.of(c, Page.CATALOG).of("devices", hub.devices().devices()));
        h.get("/api/v1/devices/{device}", c -> {
            String name = c.decoded("device");
            return hub.devices().device(name).orElseThrow(() -> new ApiException(404, "unknown device " + name));
        });
    }
}
