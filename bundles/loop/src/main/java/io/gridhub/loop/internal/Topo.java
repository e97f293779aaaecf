package io.gridhub.loop.internal;

import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Site;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A community's assets with where they hang (site feeder, or the configured feeder of a shared asset), and the
 * point naming the loop relies on: {@code <community>.<asset>.p} (power, W), {@code .soc} (%), {@code .energy_need}
 * (a flexible load's remaining need, Wh), {@code .p_set} (setpoint, W) and {@code .heartbeat} (the device watchdog's
 * heartbeat).
 */
record Topo(Community community, List<Placed> assets) {
    /** An asset, the member it belongs to (null when shared) and its feeder (null at the connection). */
    record Placed(Asset asset, String memberId, String feederId) {
        boolean shared() {
            return memberId == null;
        }
    }

    static Topo of(Community c, Map<String, String> sharedAssetFeeders) {
        List<Placed> all = new ArrayList<>();
        for (Asset a : c.sharedAssets()) {
            all.add(new Placed(a, null, sharedAssetFeeders.get(a.id())));
        }
        for (Member m : c.members()) {
            for (Site s : m.sites()) {
                for (Asset a : s.assets()) {
                    all.add(new Placed(a, m.id(), s.feederId()));
                }
            }
        }
        return new Topo(c, List.copyOf(all));
    }

    String id() {
        return community.id();
    }

    PointId point(String assetId, String name) {
        return PointId.of(community.id() + "." + assetId + "." + name);
    }

    /**
     * Whether the plan sets this kind of asset's power (battery, EV charger, flexible load) rather than forecasting
     * it (load, heat pump, PV).
     */
    static boolean planned(AssetKind kind) {
        return kind == AssetKind.BATTERY || kind == AssetKind.EV_CHARGER || kind == AssetKind.FLEXIBLE_LOAD;
    }

    List<Placed> of(AssetKind kind) {
        return assets.stream().filter(p -> p.asset().kind() == kind).toList();
    }

    Map<String, Placed> byId() {
        Map<String, Placed> m = new LinkedHashMap<>();
        assets.forEach(p -> m.put(p.asset().id(), p));
        return m;
    }
}
