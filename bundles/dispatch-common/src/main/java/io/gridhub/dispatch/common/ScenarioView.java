package io.gridhub.dispatch.common;

import io.gridhub.api.dispatch.AssetParameters;
import io.gridhub.api.dispatch.BatteryParameters;
import io.gridhub.api.dispatch.EvParameters;
import io.gridhub.api.dispatch.FlexibleLoadParameters;
import io.gridhub.api.dispatch.PvParameters;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.Feeder;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.Site;
import io.gridhub.api.model.TimeSeries;
import io.gridhub.api.model.Transformer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scenario resolved into what planning needs: per node (a member's site, or the shared assets on one feeder)
 * its fixed load, PV, batteries, EV sessions and flexible loads, with every series cut to the horizon and every
 * window turned into a step range. Shared by the rule-based and the LP strategy, so both read a scenario the
 * same way. Powers in W.
 */
public final class ScenarioView {
    /** A grid connection point: a member's site, or the shared assets on one feeder (memberId null). */
    public record Node(
            String id,
            String memberId,
            String feederId,
            double[] fixedLoadW,
            List<Pv> pv,
            List<Battery> batteries,
            List<Ev> evs,
            List<Flex> flex) {}

    public record Pv(String id, double[] forecastW, boolean curtailable) {}

    public record Battery(String id, BatteryParameters p, boolean shared) {}

    /** An EV session; it may charge in steps {@code [from, to)}. */
    public record Ev(String id, EvParameters p, int from, int to) {}

    /** A flexible load; it runs in steps {@code [from, to)}. */
    public record Flex(String id, FlexibleLoadParameters p, int from, int to) {}

    public record FeederLimits(String id, String transformerId, double importLimitW, double exportLimitW) {}

    public record TransformerLimits(String id, double ratingW) {}

    public final Scenario scenario;
    public final int steps;
    public final double dtHours;
    public final double[] importPrice;
    public final double[] exportPrice;
    public final List<Node> nodes = new ArrayList<>();
    public final Map<String, FeederLimits> feeders = new LinkedHashMap<>();
    public final Map<String, TransformerLimits> transformers = new LinkedHashMap<>();

    public ScenarioView(Scenario sc) {
        this.scenario = sc;
        this.steps = sc.steps();
        this.dtHours = sc.stepHours();
        if (sc.importPrice() == null || sc.exportPrice() == null) {
            throw new IllegalArgumentException("scenario " + sc.id() + " has no import or export prices");
        }
        this.importPrice = cut(sc, sc.importPrice(), "import price");
        this.exportPrice = cut(sc, sc.exportPrice(), "export price");
        for (Transformer t : sc.community().transformers()) {
            // Active power can use the whole apparent-power rating only at unity power factor: an upper bound.
            transformers.put(t.id(), new TransformerLimits(t.id(), t.ratedApparentPowerVA()));
        }
        for (Feeder f : sc.community().feeders()) {
            feeders.put(f.id(), new FeederLimits(f.id(), f.transformerId(), f.importLimitW(), f.exportLimitW()));
        }
        Map<String, AssetParameters> params = new HashMap<>();
        sc.parameters().forEach(p -> params.put(p.assetId(), p));
        Map<String, Asset> known = new HashMap<>();
        for (Member m : sc.community().members()) {
            for (Site s : m.sites()) {
                s.assets().forEach(a -> known.put(a.id(), a));
                nodes.add(node(s.id(), m.id(), s.feederId(), s.assets(), params, false));
            }
        }
        Map<String, List<Asset>> sharedByFeeder = new LinkedHashMap<>();
        for (Asset a : sc.community().sharedAssets()) {
            known.put(a.id(), a);
            String f = sc.sharedAssetFeeders().get(a.id());
            if (f != null && !feeders.containsKey(f)) {
                throw new IllegalArgumentException("shared asset " + a.id() + " names unknown feeder " + f);
            }
            sharedByFeeder
                    .computeIfAbsent(f == null ? "" : f, k -> new ArrayList<>())
                    .add(a);
        }
        sharedByFeeder.forEach((f, assets) -> nodes.add(
                node("shared" + (f.isEmpty() ? "" : "@" + f), null, f.isEmpty() ? null : f, assets, params, true)));
        for (String id : params.keySet()) {
            if (!known.containsKey(id)) {
                throw new IllegalArgumentException("parameters name unknown asset " + id);
            }
        }
    }

    private Node node(
            String id,
            String memberId,
            String feederId,
            List<Asset> assets,
            Map<String, AssetParameters> params,
            boolean shared) {
        double[] load = new double[steps];
        List<Pv> pv = new ArrayList<>();
        List<Battery> bats = new ArrayList<>();
        List<Ev> evs = new ArrayList<>();
        List<Flex> flex = new ArrayList<>();
        for (Asset a : assets) {
            AssetParameters p = params.get(a.id());
            switch (a.kind()) {
                case LOAD, HEAT_PUMP -> add(load, forecast(a.id(), false));
                case PV ->
                    pv.add(new Pv(
                            a.id(), forecast(a.id(), false), !(p instanceof PvParameters pp) || pp.curtailable()));
                case BATTERY -> {
                    if (p instanceof BatteryParameters bp) {
                        bats.add(new Battery(a.id(), bp, shared));
                    } else if (a.energyCapacityWh() > 0) {
                        bats.add(new Battery(
                                a.id(),
                                BatteryParameters.typical(a.id(), a.ratedPowerW(), a.energyCapacityWh()),
                                shared));
                    }
                }
                case EV_CHARGER -> {
                    if (p instanceof EvParameters ep) {
                        evs.add(new Ev(a.id(), ep, firstStep(ep.arrival()), lastStep(ep.departure())));
                    }
                }
                case FLEXIBLE_LOAD -> {
                    if (p instanceof FlexibleLoadParameters fp) {
                        flex.add(new Flex(a.id(), fp, firstStep(fp.windowStart()), lastStep(fp.windowEnd())));
                    } else {
                        add(load, forecast(a.id(), false));
                    }
                }
                default -> {
                    // Meters and weather stations are measured, not planned.
                }
            }
            if (p != null && !kindFits(a, p)) {
                throw new IllegalArgumentException("asset " + a.id() + " is a " + a.kind() + " but has "
                        + p.getClass().getSimpleName());
            }
        }
        return new Node(id, memberId, feederId, load, pv, bats, evs, flex);
    }

    private static boolean kindFits(Asset a, AssetParameters p) {
        return switch (a.kind()) {
            case BATTERY -> p instanceof BatteryParameters;
            case PV -> p instanceof PvParameters;
            case EV_CHARGER -> p instanceof EvParameters;
            case FLEXIBLE_LOAD -> p instanceof FlexibleLoadParameters;
            default -> false;
        };
    }

    /** The first step starting at or after {@code t}, clipped to the horizon. */
    int firstStep(Instant t) {
        long ms = Duration.between(scenario.start(), t).toMillis();
        long step = scenario.step().toMillis();
        return (int) Math.max(0, Math.min(steps, Math.floorDiv(ms + step - 1, step)));
    }

    /** One past the last step ending at or before {@code t}, clipped to the horizon. */
    int lastStep(Instant t) {
        long ms = Duration.between(scenario.start(), t).toMillis();
        return (int)
                Math.max(0, Math.min(steps, Math.floorDiv(ms, scenario.step().toMillis())));
    }

    private double[] forecast(String assetId, boolean required) {
        TimeSeries ts = scenario.forecasts().get(assetId);
        if (ts == null) {
            if (required) {
                throw new IllegalArgumentException("no forecast for asset " + assetId);
            }
            return new double[steps];
        }
        return cut(scenario, ts, "forecast of " + assetId);
    }

    /** The series' values for the horizon's steps; the series must share the step and cover the horizon. */
    static double[] cut(Scenario sc, TimeSeries ts, String what) {
        if (!ts.step().equals(sc.step())) {
            throw new IllegalArgumentException(what + " has step " + ts.step() + ", the scenario " + sc.step());
        }
        long off = Duration.between(ts.start(), sc.start()).toMillis();
        if (off < 0 || off % sc.step().toMillis() != 0) {
            throw new IllegalArgumentException(
                    what + " starts at " + ts.start() + ", not on a step at or before " + sc.start());
        }
        int first = (int) (off / sc.step().toMillis());
        if (first + sc.steps() > ts.size()) {
            throw new IllegalArgumentException(
                    what + " has " + (ts.size() - first) + " values in the horizon, " + sc.steps() + " needed");
        }
        double[] v = new double[sc.steps()];
        for (int i = 0; i < v.length; i++) {
            v[i] = ts.value(first + i);
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(what + " has no value at step " + i);
            }
        }
        return v;
    }

    private static void add(double[] into, double[] v) {
        for (int i = 0; i < into.length; i++) {
            into[i] += v[i];
        }
    }

    /** Every battery with its node. */
    public List<Map.Entry<Node, Battery>> batteries() {
        List<Map.Entry<Node, Battery>> out = new ArrayList<>();
        nodes.forEach(n -> n.batteries().forEach(b -> out.add(Map.entry(n, b))));
        return out;
    }
}
