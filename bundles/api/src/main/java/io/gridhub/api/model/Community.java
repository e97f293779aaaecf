package io.gridhub.api.model;

import io.gridhub.api.check.Fields;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An energy community or virtual power plant: its members (with their sites and assets), the assets it shares,
 * and the grid elements its sites hang off. Ids are unique across the whole community.
 */
public record Community(
        String id,
        String name,
        List<Member> members,
        List<Asset> sharedAssets,
        List<Feeder> feeders,
        List<Transformer> transformers) {
    public Community {
        Ids.require(id, "community id");
        name = name == null ? id : name;
        members = Fields.copyOf(members);
        sharedAssets = Fields.copyOf(sharedAssets);
        feeders = Fields.copyOf(feeders);
        transformers = Fields.copyOf(transformers);
        validate(id, members, sharedAssets, feeders, transformers);
    }

    /**
     * An asset of the community and where it stands: the member and site it belongs to, both {@code null} for a
     * shared asset.
     */
    public record Placement(Asset asset, Member member, Site site) {}

    /** Every asset of the community with its member and site: the shared assets first, then each member's by site. */
    public List<Placement> placements() {
        List<Placement> all = new ArrayList<>();
        sharedAssets.forEach(a -> all.add(new Placement(a, null, null)));
        for (Member m : members) {
            for (Site s : m.sites()) {
                s.assets().forEach(a -> all.add(new Placement(a, m, s)));
            }
        }
        return List.copyOf(all);
    }

    private static void validate(
            String id, List<Member> members, List<Asset> shared, List<Feeder> feeders, List<Transformer> transformers) {
        Set<String> seen = new HashSet<>();
        Set<String> feederIds = new HashSet<>();
        Set<String> transformerIds = new HashSet<>();
        transformers.forEach(t -> unique(seen, t.id(), id));
        transformers.forEach(t -> transformerIds.add(t.id()));
        for (Feeder f : feeders) {
            unique(seen, f.id(), id);
            feederIds.add(f.id());
            if (f.transformerId() != null && !transformerIds.contains(f.transformerId())) {
                throw new IllegalArgumentException(
                        "feeder " + f.id() + " names unknown transformer " + f.transformerId());
            }
        }
        shared.forEach(a -> unique(seen, a.id(), id));
        for (Member m : members) {
            unique(seen, m.id(), id);
            for (Site s : m.sites()) {
                unique(seen, s.id(), id);
                if (s.feederId() != null && !feederIds.contains(s.feederId())) {
                    throw new IllegalArgumentException(
                            "site " + s.id() + " of member " + m.id() + " names unknown feeder " + s.feederId());
                }
                s.assets().forEach(a -> unique(seen, a.id(), id));
            }
        }
    }

    private static void unique(Set<String> seen, String elementId, String communityId) {
        if (!seen.add(elementId)) {
            throw new IllegalArgumentException("community " + communityId + ": id '" + elementId + "' is used twice");
        }
    }
}
