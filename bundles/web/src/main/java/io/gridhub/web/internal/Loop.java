package io.gridhub.web.internal;

import io.gridhub.api.loop.OperatingLoop;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operating loop's resources: {@code GET /loop} (the communities it runs) and {@code GET /loop/{community}}
 * (the control authority in force and the last run of every stage).
 */
final class Loop {
    private Loop() {}

    static void register(Handlers h, Services hub) {
        h.get(
                "/api/v1/loop",
                c -> Page.of(c, Page.CATALOG).of("communities", hub.loop().communities()));
        h.get("/api/v1/loop/{community}", c -> community(hub.loop(), c.decoded("community")));
    }

    static Map<String, Object> community(OperatingLoop loop, String name) {
        String community = known(loop, name);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("community", community);
        m.put("authority", loop.authority(community));
        m.put("stages", loop.stages(community));
        return m;
    }

    /** The community if the loop runs it; 404 naming the ones it runs otherwise. */
    static String known(OperatingLoop loop, String community) {
        List<String> all = loop.communities();
        if (!all.contains(community)) {
            throw new ApiException(
                    404, "the operating loop runs no community '" + community + "' (it runs " + all + ")");
        }
        return community;
    }
}
