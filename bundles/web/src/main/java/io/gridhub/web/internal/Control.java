package io.gridhub.web.internal;

import io.gridhub.api.loop.OperatingLoop;
import java.util.Map;

/**
 * The control authority in force per community: {@code GET /control} (all communities of the loop) and
 * {@code GET /control/{community}}, each {@code {"community", "mode", "source"}}. Changing it is a governed policy
 * ({@code control-authority-<community>}, POST /governance/proposals), not a resource of its own.
 */
final class Control {
    private Control() {}

    static void register(Handlers h, Services hub) {
        h.get("/api/v1/control", c -> all(hub.loop(), Page.of(c, Page.CATALOG)));
        h.get("/api/v1/control/{community}", c -> hub.loop().authority(Loop.known(hub.loop(), c.decoded("community"))));
    }

    static Map<String, Object> all(OperatingLoop loop, Page page) {
        return page.of(
                "authorities", loop.communities().stream().map(loop::authority).toList());
    }
}
