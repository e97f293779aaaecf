package io.gridhub.loop.internal;

import io.gridhub.api.bus.LatestValues;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Feeder;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Sense stage's result: the fresh, good latest value of every point the loop reads ({@code p} and {@code soc} of
 * every asset, {@code energy_need} of flexible loads), and the measured flow on each feeder (W, + import towards the
 * sites): the members' meters on it, less what shared batteries on it deliver (plus what shared EV chargers and
 * flexible loads on it draw).
 */
record Snapshot(
        Instant at,
        Map<PointId, Double> values,
        Map<String, Double> feederFlowW,
        int meters,
        int freshMeters,
        int stale) {
    private static final String[] POINTS = {"p", "soc"};
    /** A flexible load also reports the heat (Wh) it still needs to be ready: {@link FlexibleLoads}. */
    private static final String[] FLEXIBLE_LOAD_POINTS = {"p", "soc", FlexibleLoads.ENERGY_NEED};

    static Snapshot sense(Topo topo, LatestValues latest, Instant now, Duration maxAge) {
        Map<PointId, Double> values = new HashMap<>();
        int[] stale = {0};
        for (Topo.Placed p : topo.assets()) {
            for (String name : p.asset().kind() == AssetKind.FLEXIBLE_LOAD ? FLEXIBLE_LOAD_POINTS : POINTS) {
                PointId id = topo.point(p.asset().id(), name);
                Optional<Sample> s = latest.latest(id);
                if (s.isEmpty()) {
                    continue;
                }
                Sample x = s.get();
                if (!x.quality().isGood() || x.sourceTime().isBefore(now.minus(maxAge))) {
                    stale[0]++;
                    continue;
                }
                values.put(id, x.value());
            }
        }
        Map<String, Double> flows = new HashMap<>();
        for (Feeder f : topo.community().feeders()) {
            flows.put(f.id(), 0.0);
        }
        int meters = 0;
        int fresh = 0;
        for (Topo.Placed p : topo.assets()) {
            if (p.feederId() == null || !flows.containsKey(p.feederId())) {
                continue;
            }
            Double v = values.get(topo.point(p.asset().id(), "p"));
            if (p.asset().kind() == AssetKind.METER) {
                meters++;
                if (v != null) {
                    fresh++;
                    flows.merge(p.feederId(), v, Double::sum);
                }
            } else if (p.shared() && v != null && Topo.planned(p.asset().kind())) {
                // A shared asset is behind no member's meter: a shared battery's discharge relieves the feeder.
                flows.merge(p.feederId(), Envelope.importSign(p.asset().kind()) * v, Double::sum);
            }
        }
        return new Snapshot(now, Map.copyOf(values), Map.copyOf(flows), meters, fresh, stale[0]);
    }

    Optional<Double> value(PointId id) {
        return Optional.ofNullable(values.get(id));
    }
}
