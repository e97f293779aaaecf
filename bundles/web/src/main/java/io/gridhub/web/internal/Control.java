package io.gridhub.web.internal;

import io.gridhub.api.loop.OperatingLoop;
import java.util.Map;

/**
 * The control authority in force per community: {@code GET /control} (all communities of the loop) and
 * {@code GET /control/{community}}, each {@code {"community", "mode", "source"}}. Changing it is a governed policy
 * ({@code control-authority-<community>}, POST /governance/proposals), not a resource of its own.
 */
final class Control implements Resource {
    private final Services hub;

    Control(Services hub) {
        this.hub = hub;
    }

    @Override
    public void register(Handlers h) {
        h.get("/api/v1/control", c -> get(hub.loop(), c.seg()));
        h.get("/api/v1/control/{community}", c -> get(hub.loop(), c.seg()));
    }

    static Object get(OperatingLoop loop, String[] seg) {
        if (seg.length == 1) {
            return Map.of(
                    "authorities",
                    loop.communities().stream().map(loop::authority).toList());
        }
        if (seg.length == 2) {
            return loop.authority(Loop.known(loop, Query.segment(seg[1])));
        }
        throw new ApiException(404, "try /api/v1/control or /api/v1/control/{community}");
    }
}
