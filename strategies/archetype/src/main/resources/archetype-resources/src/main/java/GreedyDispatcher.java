package ${package};

import io.gridhub.api.dispatch.AssetParameters;
import io.gridhub.api.dispatch.BatteryParameters;
import io.gridhub.api.dispatch.Dispatcher;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.AssetSchedule;
import io.gridhub.api.model.Explanation;
import io.gridhub.api.model.Feeder;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.Plan;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Site;
import io.gridhub.api.model.TimeSeries;
import io.gridhub.api.model.Transformer;
import io.gridhub.api.strategy.Strategy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * The ${strategyName} dispatch strategy. As generated: greedy self-consumption. Step by step, each battery of a
 * member covers its site's import from storage and stores its site's export; each shared battery does the same for
 * the community's connection. Every setpoint stays within the battery's power limits and rating, its state-of-charge
 * bounds (played forward with its efficiencies), and the import and export limits of its feeder, the feeder's
 * transformer and the community's connection (where a limit is already exceeded, it may only relieve it). PV is not
 * curtailed; EV chargers and flexible loads are left alone. Replace {@link #plan} with your method; keep the contract
 * (its test) passing.
 */
@Component(service = {Dispatcher.class, Strategy.class})
public final class GreedyDispatcher implements Dispatcher {
    private static final String CONNECTION = "connection";

    private final Identity identity = Identity.load();

    @Override
    public String name() {
        return identity.name();
    }

    @Override
    public String version() {
        return identity.version();
    }

    /** A battery, its parameters, the node whose import it balances, and the nodes its power flows through. */
    private record Battery(Asset asset, BatteryParameters p, String target, List<String> nodes) {}

    @Override
    public Plan plan(Scenario s) {
        int n = s.steps();
        double dt = s.stepHours();
        Map<String, double[]> flow = new LinkedHashMap<>();
        Map<String, double[]> limits = new HashMap<>();
        List<Battery> batteries = topology(s, flow, limits);
        double[] before = flow.get(CONNECTION).clone();
        List<AssetSchedule> schedules = new ArrayList<>();
        Map<String, double[]> series = new LinkedHashMap<>();
        for (Battery b : batteries) {
            BatteryParameters p = b.p();
            double cap = p.capacityWh();
            double e = p.socInitial() * cap;
            double rating = b.asset().ratedPowerW() > 0 ? b.asset().ratedPowerW() : Double.POSITIVE_INFINITY;
            double[] w = new double[n];
            double[] soc = new double[n];
            for (int t = 0; t < n; t++) {
                double stored = Math.max(0, (e - p.socMin() * cap) * p.dischargeEfficiency() / dt);
                double room = Math.max(0, (p.socMax() * cap - e) / (p.chargeEfficiency() * dt));
                double maxDischarge = Math.min(Math.min(p.maxDischargeW(), rating), stored);
                double maxCharge = Math.min(Math.min(p.maxChargeW(), rating), room);
                // Import at the battery's target node: discharge to cover it, charge to take an export.
                double want = Math.max(-maxCharge, Math.min(maxDischarge, flow.get(b.target())[t]));
                // The grid's side: the import change is -want; keep it where every node the battery feeds allows.
                double lo = Double.NEGATIVE_INFINITY;
                double hi = Double.POSITIVE_INFINITY;
                for (String node : b.nodes()) {
                    double f = flow.get(node)[t];
                    double[] l = limits.get(node);
                    lo = Math.max(lo, Math.min(l[0], f) - f);
                    hi = Math.min(hi, Math.max(l[1], f) - f);
                }
                double change = Math.max(lo, Math.min(hi, -want));
                w[t] = -change;
                for (String node : b.nodes()) {
                    flow.get(node)[t] += change;
                }
                e += w[t] > 0 ? -w[t] / p.dischargeEfficiency() * dt : -w[t] * p.chargeEfficiency() * dt;
                soc[t] = e;
            }
            PointId setpoint = PointId.of(s.community().id() + "." + b.asset().id() + ".p_set");
            String reason = b.target().equals(CONNECTION)
                    ? "covers the community's import, stores its export"
                    : "covers its site's import, stores its export";
            schedules.add(new AssetSchedule(b.asset().id(), setpoint, w, reason));
            series.put("soc." + b.asset().id() + ".Wh", soc);
        }
        double[] after = flow.get(CONNECTION);
        series.put("grid.W", after);
        Explanation why = new Explanation(
                "Greedy self-consumption with " + batteries.size() + " batteries",
                cost(s, after),
                cost(s, before),
                List.of(),
                "HEURISTIC",
                List.of(),
                series);
        // Issued now: each cycle's plan is a new plan with its own id, even within one step of the scenario.
        Instant issued = Instant.now();
        return new Plan(s.id() + "@" + issued, name(), issued, s.start(), s.step(), n, schedules, why);
    }

    /**
     * The nodes of the grid with the flow the forecasts give them (W, + = import) and their limits
     * ({lowest, highest}), and the batteries with the nodes they feed: their site, its feeder and the feeder's
     * transformer, the connection.
     */
    private static List<Battery> topology(Scenario s, Map<String, double[]> flow, Map<String, double[]> limits) {
        Map<String, AssetParameters> params = new HashMap<>();
        s.parameters().forEach(p -> params.put(p.assetId(), p));
        Map<String, String> transformerOf = new HashMap<>();
        for (Transformer t : s.community().transformers()) {
            double r = t.ratedApparentPowerVA();
            limits.put("transformer " + t.id(), new double[] {-r, r});
        }
        for (Feeder f : s.community().feeders()) {
            limits.put("feeder " + f.id(), new double[] {-f.exportLimitW(), f.importLimitW()});
            transformerOf.put(f.id(), f.transformerId());
        }
        double[] contract = {-s.policy().connectionExportLimitW(), s.policy().connectionImportLimitW()};
        limits.put(CONNECTION, contract);
        flow.put(CONNECTION, new double[s.steps()]);
        List<Battery> own = new ArrayList<>();
        List<Battery> shared = new ArrayList<>();
        for (Member m : s.community().members()) {
            for (Site site : m.sites()) {
                String node = "site " + site.id();
                limits.put(node, new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY});
                for (Asset a : site.assets()) {
                    place(s, a, params, node, nodes(node, site.feederId(), transformerOf), flow, own);
                }
            }
        }
        for (Asset a : s.community().sharedAssets()) {
            List<String> nodes = nodes(null, s.sharedAssetFeeders().get(a.id()), transformerOf);
            place(s, a, params, CONNECTION, nodes, flow, shared);
        }
        own.addAll(shared);
        return own;
    }

    /** The nodes an asset's power flows through: its site (if any), its feeder and transformer, the connection. */
    private static List<String> nodes(String own, String feeder, Map<String, String> transformerOf) {
        List<String> nodes = new ArrayList<>();
        if (own != null) {
            nodes.add(own);
        }
        if (feeder != null) {
            nodes.add("feeder " + feeder);
            if (transformerOf.get(feeder) != null) {
                nodes.add("transformer " + transformerOf.get(feeder));
            }
        }
        nodes.add(CONNECTION);
        return nodes;
    }

    /** Adds an asset's forecast flow to its nodes, or, for a battery, adds it to the batteries. */
    private static void place(
            Scenario s,
            Asset a,
            Map<String, AssetParameters> params,
            String target,
            List<String> nodes,
            Map<String, double[]> flow,
            List<Battery> batteries) {
        AssetParameters p = params.get(a.id());
        double sign = switch (a.kind()) {
            case LOAD, HEAT_PUMP -> 1;
            case FLEXIBLE_LOAD -> p == null ? 1 : 0;
            case PV -> -1;
            default -> 0;
        };
        if (a.kind() == AssetKind.BATTERY) {
            if (p instanceof BatteryParameters bp) {
                batteries.add(new Battery(a, bp, target, nodes));
            } else if (a.energyCapacityWh() > 0) {
                // Known only by its ratings: typical home-battery limits.
                BatteryParameters typical =
                        BatteryParameters.typical(a.id(), a.ratedPowerW(), a.energyCapacityWh());
                batteries.add(new Battery(a, typical, target, nodes));
            }
        }
        for (String node : nodes) {
            double[] f = flow.computeIfAbsent(node, k -> new double[s.steps()]);
            for (int t = 0; t < s.steps(); t++) {
                f[t] += sign * valueAt(s.forecasts().get(a.id()), s, t);
            }
        }
    }

    /** What the community pays at its connection for a flow, EUR. */
    private static double cost(Scenario s, double[] flow) {
        double eur = 0;
        for (int t = 0; t < flow.length; t++) {
            double price = valueAt(flow[t] > 0 ? s.importPrice() : s.exportPrice(), s, t);
            eur += flow[t] / 1000 * s.stepHours() * price;
        }
        return eur;
    }

    /** A series' value at step t of the scenario (the value whose interval holds the step's start), else 0. */
    private static double valueAt(TimeSeries ts, Scenario s, int t) {
        if (ts == null) {
            return 0;
        }
        long offset = Duration.between(ts.start(), s.timeAt(t)).toNanos();
        long i = offset < 0 ? -1 : offset / ts.step().toNanos();
        double v = i >= 0 && i < ts.size() ? ts.value((int) i) : 0;
        return Double.isFinite(v) ? v : 0;
    }
}
