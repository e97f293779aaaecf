package io.gridhub.api.model;

import java.util.Objects;

/**
 * A device behind a site's connection point, or shared by the community. Ratings are in W and Wh;
 * 0 where they are not given or do not apply (a meter has no energy capacity).
 */
public record Asset(String id, String name, AssetKind kind, double ratedPowerW, double energyCapacityWh) {
    public Asset {
        Ids.require(id, "asset id");
        Objects.requireNonNull(kind, "kind");
        name = name == null ? id : name;
        if (ratedPowerW < 0 || energyCapacityWh < 0) {
            throw new IllegalArgumentException("asset " + id + ": ratings must not be negative");
        }
    }
}
