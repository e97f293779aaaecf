package io.gridhub.web.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import io.gridhub.api.driver.DeviceStatus;
import java.time.Duration;
import java.util.Map;

/** The devices of the driver host and their health: {@code GET /devices} and {@code GET /devices/{device}}. */
final class Devices {
    private Devices() {}

    static void register(Handlers h, Services hub) {
        h.get(
                "/api/v1/devices",
                c -> Page.of(c, Page.CATALOG)
                        .of(
                                "devices",
                                hub.devices().devices().stream()
                                        .map(Devices::json)
                                        .toList()));
        h.get("/api/v1/devices/{device}", c -> {
            String name = c.decoded("device");
            return json(hub.devices().device(name).orElseThrow(() -> new ApiException(404, "unknown device " + name)));
        });
    }

    /**
     * A device as its record, with the last read's duration also as an ISO-8601 duration ({@code lastRead},
     * e.g. {@code "PT0.0125S"}) beside the number of milliseconds the record carries.
     */
    static Map<String, Object> json(DeviceStatus d) {
        Map<String, Object> m = Json.MAPPER.convertValue(d, new TypeReference<>() {});
        m.put("lastRead", Duration.ofNanos(Math.round(d.lastReadMillis() * 1e6)));
        return m;
    }
}
