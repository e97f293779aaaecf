package io.gridhub.kafka.internal;

import io.gridhub.api.model.Asset;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Site;
import io.gridhub.api.registry.PointRegistry;
import io.gridhub.api.registry.TopologyProvider;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The community of a point, and the key its messages are partitioned by: the community, or {@code community/feeder}
 * where partitioning is by feeder. A point belongs to the community whose topology holds its asset (the registry
 * names the asset); the first community in the topology's order wins for a member of several. A point the
 * topology does not place (a price, the weather, a point not registered yet) belongs to the community named by its
 * id's first segment ({@code demo.m01.meter.p} → {@code demo}).
 */
final class CommunityOf {
    /** What messages are partitioned by. */
    enum PartitionBy {
        COMMUNITY,
        FEEDER
    }

    record Place(String community, String partitionKey) {}

    private final TopologyProvider topology;
    private final PointRegistry registry;
    private final PartitionBy by;
    private final Map<PointId, Place> places = new ConcurrentHashMap<>();
    private volatile List<Community> indexed;
    private volatile Map<String, Place> assets = Map.of();

    /** {@code topology} and {@code registry} may be null: then every point is placed by its id. */
    CommunityOf(TopologyProvider topology, PointRegistry registry, PartitionBy by) {
        this.topology = topology;
        this.registry = registry;
        this.by = by;
    }

    Place of(PointId point) {
        refresh();
        return places.computeIfAbsent(point, this::place);
    }

    private Place place(PointId point) {
        if (registry != null) {
            Optional<Place> p = registry.point(point).map(x -> assets.get(x.assetId()));
            if (p.isPresent()) {
                return p.get();
            }
        }
        String v = point.value();
        int dot = v.indexOf('.');
        String community = dot < 0 ? v : v.substring(0, dot);
        return new Place(community, community);
    }

    /** Indexes the assets again when the topology handed out a new list (a reload). */
    private void refresh() {
        if (topology == null) {
            return;
        }
        List<Community> now = topology.communities();
        if (now == indexed) {
            return;
        }
        Map<String, Place> index = new HashMap<>();
        for (Community c : now) {
            for (Asset a : c.sharedAssets()) {
                index.putIfAbsent(a.id(), new Place(c.id(), c.id()));
            }
            for (Member m : c.members()) {
                for (Site s : m.sites()) {
                    String key =
                            by == PartitionBy.FEEDER && s.feederId() != null ? c.id() + "/" + s.feederId() : c.id();
                    for (Asset a : s.assets()) {
                        index.putIfAbsent(a.id(), new Place(c.id(), key));
                    }
                }
            }
        }
        assets = index;
        places.clear();
        indexed = now;
    }
}
