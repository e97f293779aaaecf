package io.gridhub.web.internal;

import io.gridhub.api.loop.OperatingLoop;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operating loop's resources: {@code GET /loop} (the communities it runs) and {@code GET /loop/{community}}
 * (the control authority in force and the last run of every stage).
 */
final class Loop implements Resource {
    private final Services hub;

    Loop(Services hub) {
        this.hub = hub;
    }

    @Override
    public void register(Handlers h) {
        h.get("/api/v1/loop", c -> get(hub.loop(), c.seg()));
        h.get("/api/v1/loop/{community}", c -> get(hub.loop(), c.seg()));
    }

    static Map<String, Object> get(OperatingLoop loop, String[] seg) {
        if (seg.length == 1) {
            return Map.of("communities", loop.communities());
        }
        if (seg.length == 2) {
            String community = known(loop, Query.segment(seg[1]));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("community", community);
            m.put("authority", loop.authority(community));
            m.put("stages", loop.stages(community));
            return m;
        }
        throw new ApiException(404, "try /api/v1/loop or /api/v1/loop/{community}");
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
