package io.gridhub.dispatch.common;

import io.gridhub.api.dispatch.BatteryParameters;
import io.gridhub.api.model.Explanation;
import io.gridhub.api.model.Plan;
import io.gridhub.dispatch.common.ScenarioView.Battery;
import io.gridhub.dispatch.common.ScenarioView.Ev;
import io.gridhub.dispatch.common.ScenarioView.FeederLimits;
import io.gridhub.dispatch.common.ScenarioView.Flex;
import io.gridhub.dispatch.common.ScenarioView.Node;
import io.gridhub.dispatch.common.ScenarioView.Pv;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ObjDoubleConsumer;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Plans by rules, step by step, without a solver.
 * <ul>
 * <li>{@link Mode#BASELINE}, each member on its own: EVs and flexible loads start as soon as they may at the
 * highest power they need, member batteries do self-consumption (charge from the site's surplus, discharge into its
 * deficit), shared batteries stay idle, PV is never curtailed, grid limits are ignored.</li>
 * <li>{@link Mode#SAFE}, the fallback: the same, plus shared batteries do self-consumption for the whole community;
 * where a feeder, transformer or the connection would be over its import limit, batteries charge less, then EVs and
 * flexible loads are held back (also where the load nobody controls is over the limit already: the plan adds
 * nothing to it); PV is curtailed where one would be over its export limit. Energy it cannot deliver is reported.
 * </li>
 * </ul>
 */
public final class RulePlanner {
    public enum Mode {
        BASELINE,
        SAFE
    }

    /** Setpoints per asset (W, the asset's sign convention) and what the rules could not do. */
    public record RulePlan(Map<String, double[]> setpointsW, List<String> notes) {}

    private final ScenarioView v;
    private final Mode mode;
    private final Map<String, double[]> sp = new LinkedHashMap<>();
    private final Map<String, Double> socWh = new HashMap<>();
    private final Map<String, Double> remainingWh = new HashMap<>();
    /** The setpoint arrays per node, in the node's asset order: the hot loops run per step and node. */
    private double[][][] pvOf;

    private double[][][] batOf;
    private double[][][] evOf;
    private double[][][] flexOf;

    private RulePlanner(ScenarioView v, Mode mode) {
        this.v = v;
        this.mode = mode;
    }

    public static RulePlan plan(ScenarioView v, Mode mode) {
        return new RulePlanner(v, mode).run();
    }

    /**
     * The safe rule plan, explained: the rule strategy's plan and every optimizer's fallback. {@code why} (nullable)
     * says why rules were used instead of an optimizer; it leads the summary.
     */
    public static Plan safePlan(ScenarioView v, Clock clock, String strategy, String status, String why) {
        RulePlan safe = plan(v, Mode.SAFE);
        PlanEvaluator.Result r = PlanEvaluator.evaluate(v, safe.setpointsW());
        PlanEvaluator.Result base =
                PlanEvaluator.evaluate(v, plan(v, Mode.BASELINE).setpointsW());
        List<String> notes = new ArrayList<>(safe.notes());
        r.violations().stream()
                .map(PlanEvaluator.Violation::constraint)
                .distinct()
                .forEach(c -> notes.add("still over: " + c));
        String summary = (why == null ? "" : why + "; ")
                + String.format(
                        Locale.ROOT,
                        "rule-based plan: batteries on self-consumption, EVs and flexible loads as early as limits "
                                + "allow, PV curtailed only to keep export limits; cost %.2f EUR vs %.2f EUR "
                                + "uncoordinated",
                        r.costEur(),
                        base.standaloneCostEur());
        Explanation e = new Explanation(
                summary, r.costEur(), base.standaloneCostEur(), notes, status, List.of(), PlanFactory.series(r));
        return PlanFactory.plan(
                v,
                strategy,
                clock.instant(),
                safe.setpointsW(),
                v.importPrice,
                t -> "keeps a feeder, transformer or the connection within its export limit",
                e);
    }

    private RulePlan run() {
        int n = v.steps;
        for (Node node : v.nodes) {
            node.pv().forEach(p -> sp.put(p.id(), p.forecastW().clone()));
            node.batteries().forEach(b -> {
                sp.put(b.id(), new double[n]);
                socWh.put(b.id(), b.p().socInitial() * b.p().capacityWh());
            });
            node.evs().forEach(e -> {
                sp.put(e.id(), new double[n]);
                remainingWh.put(e.id(), e.p().energyWh());
            });
            node.flex().forEach(f -> {
                sp.put(f.id(), new double[n]);
                remainingWh.put(f.id(), f.p().energyWh());
            });
        }
        int k = v.nodes.size();
        pvOf = new double[k][][];
        batOf = new double[k][][];
        evOf = new double[k][][];
        flexOf = new double[k][][];
        for (int i = 0; i < k; i++) {
            Node node = v.nodes.get(i);
            pvOf[i] = node.pv().stream().map(p -> sp.get(p.id())).toArray(double[][]::new);
            batOf[i] = node.batteries().stream().map(b -> sp.get(b.id())).toArray(double[][]::new);
            evOf[i] = node.evs().stream().map(e -> sp.get(e.id())).toArray(double[][]::new);
            flexOf[i] = node.flex().stream().map(f -> sp.get(f.id())).toArray(double[][]::new);
        }
        for (int t = 0; t < n; t++) {
            step(t);
        }
        List<String> notes = new ArrayList<>();
        for (Node node : v.nodes) {
            for (Ev e : node.evs()) {
                unmet(notes, "EV " + e.id(), e.p().energyWh(), remainingWh.get(e.id()));
            }
            for (Flex f : node.flex()) {
                unmet(notes, "flexible load " + f.id(), f.p().energyWh(), remainingWh.get(f.id()));
            }
        }
        return new RulePlan(sp, notes);
    }

    private static void unmet(List<String> notes, String what, double needWh, double remainingWh) {
        if (remainingWh > 1e-2) {
            notes.add(String.format("%s gets %.1f of %.1f kWh", what, (needWh - remainingWh) / 1000, needWh / 1000));
        }
    }

    private void step(int t) {
        double dt = v.dtHours;
        // 1. Deferrable loads as soon as they may.
        for (Node node : v.nodes) {
            for (Ev e : node.evs()) {
                double rem = remainingWh.get(e.id());
                double p = 0;
                if (t >= e.from() && t < e.to() && rem > 1e-6) {
                    p = Math.max(e.p().minPowerW(), Math.min(e.p().maxPowerW(), rem / dt));
                }
                sp.get(e.id())[t] = p;
            }
            for (Flex f : node.flex()) {
                double rem = remainingWh.get(f.id());
                double p = 0;
                if (t >= f.from() && t < f.to()) {
                    p = Math.max(f.p().minPowerW(), Math.min(f.p().maxPowerW(), Math.max(0, rem) / dt));
                }
                sp.get(f.id())[t] = p;
            }
        }
        batteries(t);
        if (mode == Mode.SAFE) {
            holdBackImports(t);
            batteries(t);
            // The batteries, recomputed, may charge from a site's surplus that was offsetting a load on the same
            // feeder (the demo's f2: 9,170 W where the forecasts alone were 4,731 W over a 4,000 W limit).
            holdBackImports(t);
            curtailExports(t);
        }
        for (Node node : v.nodes) {
            node.evs().forEach(e -> remainingWh.merge(e.id(), -sp.get(e.id())[t] * dt, Double::sum));
            node.flex().forEach(f -> remainingWh.merge(f.id(), -sp.get(f.id())[t] * dt, Double::sum));
            for (Battery b : node.batteries()) {
                double x = sp.get(b.id())[t];
                BatteryParameters p = b.p();
                socWh.merge(
                        b.id(),
                        x < 0 ? -x * p.chargeEfficiency() * dt : -x / p.dischargeEfficiency() * dt,
                        Double::sum);
            }
        }
    }

    /** Net power of a node at step t with the current setpoints, batteries excluded or included. */
    private double net(int k, int t, boolean withBatteries) {
        double x = v.nodes.get(k).fixedLoadW()[t];
        for (double[] p : pvOf[k]) {
            x -= p[t];
        }
        for (double[] e : evOf[k]) {
            x += e[t];
        }
        for (double[] f : flexOf[k]) {
            x += f[t];
        }
        if (withBatteries) {
            for (double[] b : batOf[k]) {
                x -= b[t];
            }
        }
        return x;
    }

    private void batteries(int t) {
        double community = 0;
        for (int k = 0; k < v.nodes.size(); k++) {
            Node node = v.nodes.get(k);
            double x = net(k, t, false);
            for (int i = 0; i < batOf[k].length; i++) {
                Battery b = node.batteries().get(i);
                if (!b.shared()) {
                    double s = selfConsumption(b, x);
                    batOf[k][i][t] = s;
                    x -= s;
                }
            }
            community += x;
        }
        for (int k = 0; k < v.nodes.size(); k++) {
            Node node = v.nodes.get(k);
            for (int i = 0; i < batOf[k].length; i++) {
                Battery b = node.batteries().get(i);
                if (b.shared()) {
                    double s = mode == Mode.SAFE ? selfConsumption(b, community) : 0;
                    batOf[k][i][t] = s;
                    community -= s;
                }
            }
        }
    }

    /** The setpoint (+ discharge) that brings a net power {@code x} as close to 0 as the battery allows. */
    private double selfConsumption(Battery b, double x) {
        BatteryParameters p = b.p();
        double e = socWh.get(b.id());
        double dt = v.dtHours;
        if (x > 0) {
            double avail = Math.max(0, e - Math.max(p.socMin(), 0) * p.capacityWh()) * p.dischargeEfficiency() / dt;
            return Math.min(x, Math.min(p.maxDischargeW(), avail));
        }
        double room = Math.max(0, p.socMax() * p.capacityWh() - e) / p.chargeEfficiency() / dt;
        return -Math.min(-x, Math.min(p.maxChargeW(), room));
    }

    /** Holds back battery charging, then EVs and flexible loads, under any element over its import limit at t. */
    private void holdBackImports(int t) {
        perElement(
                FeederLimits::importLimitW,
                v.scenario.policy().connectionImportLimitW(),
                (nodes, limit) -> reduce(t, nodes, limit));
    }

    /**
     * Three passes over the grid's elements (feeders, transformers, the connection), each element's nodes with its
     * limit in the direction at hand: a fix at one element can push another over its limit.
     */
    private void perElement(
            ToDoubleFunction<FeederLimits> feederLimit, double connectionLimit, ObjDoubleConsumer<List<Integer>> fix) {
        for (int pass = 0; pass < 3; pass++) {
            for (FeederLimits f : v.feeders.values()) {
                fix.accept(nodesOn(f.id()), feederLimit.applyAsDouble(f));
            }
            for (var tr : v.transformers.values()) {
                fix.accept(nodesUnder(tr.id()), tr.ratingW());
            }
            fix.accept(all(), connectionLimit);
        }
    }

    /** The net flow of these nodes at step t, W (+ import). */
    private double flow(int t, List<Integer> nodes) {
        double flow = 0;
        for (int k : nodes) {
            flow += net(k, t, true);
        }
        return flow;
    }

    private void reduce(int t, List<Integer> nodes, double limit) {
        double excess = flow(t, nodes) - limit;
        if (excess <= PlanEvaluator.TOL_W) {
            return;
        }
        // Storing a surplus is worth less than an EV's energy: charging goes first.
        double charging = 0;
        for (int k : nodes) {
            for (double[] b : batOf[k]) {
                charging += Math.max(0, -b[t]);
            }
        }
        if (charging > 0) {
            double keep = Math.max(0, 1 - excess / charging);
            for (int k : nodes) {
                for (double[] b : batOf[k]) {
                    b[t] = b[t] >= 0 ? b[t] : keep > 0 ? b[t] * keep : 0;
                }
            }
            excess -= charging * (1 - keep);
        }
        double deferrable = 0;
        for (int k : nodes) {
            for (Ev e : v.nodes.get(k).evs()) {
                deferrable += sp.get(e.id())[t];
            }
            for (Flex f : v.nodes.get(k).flex()) {
                deferrable += sp.get(f.id())[t];
            }
        }
        if (excess <= PlanEvaluator.TOL_W || deferrable <= 0) {
            return;
        }
        double keep = Math.max(0, 1 - excess / deferrable);
        for (int k : nodes) {
            Node node = v.nodes.get(k);
            for (Ev e : node.evs()) {
                double[] x = sp.get(e.id());
                x[t] = x[t] * keep < e.p().minPowerW() ? 0 : x[t] * keep;
            }
            for (Flex f : node.flex()) {
                sp.get(f.id())[t] *= keep;
            }
        }
    }

    /** Curtails PV under any element over its export limit at step t, in proportion to what each produces. */
    private void curtailExports(int t) {
        perElement(
                FeederLimits::exportLimitW,
                v.scenario.policy().connectionExportLimitW(),
                (nodes, limit) -> curtail(t, nodes, limit));
    }

    private void curtail(int t, List<Integer> nodes, double limit) {
        double excess = -flow(t, nodes) - limit;
        double curtailable = 0;
        for (int k : nodes) {
            for (Pv p : v.nodes.get(k).pv()) {
                if (p.curtailable()) {
                    curtailable += sp.get(p.id())[t];
                }
            }
        }
        if (excess <= PlanEvaluator.TOL_W || curtailable <= 0) {
            return;
        }
        double keep = Math.max(0, 1 - excess / curtailable);
        for (int k : nodes) {
            Node node = v.nodes.get(k);
            for (Pv p : node.pv()) {
                if (p.curtailable()) {
                    sp.get(p.id())[t] *= keep;
                }
            }
        }
    }

    private final Map<String, List<Integer>> groups = new HashMap<>();

    private List<Integer> nodesOn(String feederId) {
        return groups.computeIfAbsent("f:" + feederId, k -> indices(n -> feederId.equals(n.feederId())));
    }

    private List<Integer> nodesUnder(String transformerId) {
        return groups.computeIfAbsent(
                "t:" + transformerId,
                k -> indices(n -> n.feederId() != null
                        && transformerId.equals(v.feeders.get(n.feederId()).transformerId())));
    }

    private List<Integer> all() {
        return groups.computeIfAbsent("all", k -> indices(n -> true));
    }

    private List<Integer> indices(Predicate<Node> p) {
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < v.nodes.size(); k++) {
            if (p.test(v.nodes.get(k))) {
                out.add(k);
            }
        }
        return out;
    }
}
