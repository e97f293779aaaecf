package io.gridhub.dispatch.common;

import io.gridhub.api.dispatch.BatteryParameters;
import io.gridhub.dispatch.common.ScenarioView.Battery;
import io.gridhub.dispatch.common.ScenarioView.Ev;
import io.gridhub.dispatch.common.ScenarioView.FeederLimits;
import io.gridhub.dispatch.common.ScenarioView.Flex;
import io.gridhub.dispatch.common.ScenarioView.Node;
import io.gridhub.dispatch.common.ScenarioView.Pv;
import io.gridhub.dispatch.common.ScenarioView.TransformerLimits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays a set of setpoints through a scenario: net power per node, feeder, transformer and connection per step,
 * battery states of charge, what it costs, and which limits it breaks. The one place that turns setpoints into
 * money, so a rule plan, the baseline and an optimized plan are measured alike.
 */
public final class PlanEvaluator {
    /** Tolerance on limits in W: solvers and rounding leave a few mW. */
    static final double TOL_W = 1e-3;

    /**
     * What a broken constraint is about: the grid (a feeder, transformer or the community's connection), a battery's
     * state-of-charge bounds, an asset's own power (a battery's power limit, PV above its forecast), or what the plan
     * owes by the end of a window (an EV's or flexible load's energy, a battery's terminal state of charge, an EV
     * charging outside its session).
     */
    public enum Kind {
        GRID,
        STATE_OF_CHARGE,
        POWER,
        NEED;

        /** A limit the grid or a battery sets at every step (grid, state of charge), not a goal of the plan. */
        public boolean limit() {
            return this == GRID || this == STATE_OF_CHARGE;
        }
    }

    public record Violation(int step, String constraint, double excess, Kind kind) {}

    /**
     * Costs in EUR. {@code costEur}: the community settled at its connection (energy + degradation + peak charge).
     * {@code standaloneCostEur}: every node settled on its own at the same prices (the uncoordinated view).
     */
    public record Result(
            double[][] nodeNetW,
            Map<String, double[]> feederW,
            Map<String, double[]> transformerW,
            double[] gridW,
            Map<String, double[]> socWh,
            double energyEur,
            double degradationEur,
            double peakEur,
            double costEur,
            double standaloneCostEur,
            List<Violation> violations) {}

    private PlanEvaluator() {}

    /** Adds a load's setpoints to its node's net flow; returns the energy it takes over the horizon, Wh. */
    private static double addLoad(double[] net, double[] sp, double dt) {
        double energy = 0;
        for (int t = 0; t < net.length; t++) {
            net[t] += sp[t];
            energy += sp[t] * dt;
        }
        return energy;
    }

    public static Result evaluate(ScenarioView v, Map<String, double[]> setpointsW) {
        int n = v.steps;
        double dt = v.dtHours;
        double[][] net = new double[v.nodes.size()][n];
        Map<String, double[]> soc = new LinkedHashMap<>();
        List<Violation> violations = new ArrayList<>();
        double degradation = 0;
        for (int k = 0; k < v.nodes.size(); k++) {
            Node node = v.nodes.get(k);
            double[] x = net[k];
            for (int t = 0; t < n; t++) {
                x[t] = node.fixedLoadW()[t];
            }
            for (Pv pv : node.pv()) {
                double[] sp = setpointsW.getOrDefault(pv.id(), pv.forecastW());
                for (int t = 0; t < n; t++) {
                    x[t] -= sp[t];
                    if (sp[t] > pv.forecastW()[t] + TOL_W || (!pv.curtailable() && sp[t] < pv.forecastW()[t] - TOL_W)) {
                        violations.add(
                                new Violation(t, "PV " + pv.id() + " forecast", sp[t] - pv.forecastW()[t], Kind.POWER));
                    }
                }
            }
            for (Battery b : node.batteries()) {
                BatteryParameters p = b.p();
                double[] sp = setpointsW.getOrDefault(b.id(), new double[n]);
                double[] s = new double[n];
                double e = p.socInitial() * p.capacityWh();
                for (int t = 0; t < n; t++) {
                    x[t] -= sp[t];
                    e += sp[t] < 0 ? -sp[t] * p.chargeEfficiency() * dt : -sp[t] / p.dischargeEfficiency() * dt;
                    s[t] = e;
                    degradation += Math.abs(sp[t]) * dt / 1000 * p.degradationEurPerKWh();
                    if (sp[t] > p.maxDischargeW() + TOL_W || -sp[t] > p.maxChargeW() + TOL_W) {
                        violations.add(
                                new Violation(t, "battery " + b.id() + " power limit", Math.abs(sp[t]), Kind.POWER));
                    }
                    if (e < p.socMin() * p.capacityWh() - 1e-3 || e > p.socMax() * p.capacityWh() + 1e-3) {
                        violations.add(new Violation(
                                t, "battery " + b.id() + " state-of-charge bounds", e, Kind.STATE_OF_CHARGE));
                    }
                }
                if (s[n - 1] < p.socTerminal() * p.capacityWh() - 1e-3) {
                    violations.add(new Violation(
                            n - 1,
                            "battery " + b.id() + " terminal state of charge",
                            p.socTerminal() * p.capacityWh() - s[n - 1],
                            Kind.NEED));
                }
                soc.put(b.id(), s);
            }
            for (Ev ev : node.evs()) {
                double[] sp = setpointsW.getOrDefault(ev.id(), new double[n]);
                double energy = addLoad(x, sp, dt);
                for (int t = 0; t < n; t++) {
                    if (sp[t] > TOL_W && (t < ev.from() || t >= ev.to())) {
                        violations.add(
                                new Violation(t, "EV " + ev.id() + " charges outside its window", sp[t], Kind.NEED));
                    }
                }
                if (Math.abs(energy - ev.p().energyWh()) > 1e-2) {
                    violations.add(new Violation(
                            n - 1,
                            "EV " + ev.id() + " energy need within its window",
                            ev.p().energyWh() - energy,
                            Kind.NEED));
                }
            }
            for (Flex f : node.flex()) {
                double energy = addLoad(x, setpointsW.getOrDefault(f.id(), new double[n]), dt);
                if (Math.abs(energy - f.p().energyWh()) > 1e-2) {
                    violations.add(new Violation(
                            n - 1,
                            "flexible load " + f.id() + " energy within its window",
                            f.p().energyWh() - energy,
                            Kind.NEED));
                }
            }
        }
        Map<String, double[]> feederW = new LinkedHashMap<>();
        v.feeders.keySet().forEach(f -> feederW.put(f, new double[n]));
        Map<String, double[]> trafoW = new LinkedHashMap<>();
        v.transformers.keySet().forEach(tr -> trafoW.put(tr, new double[n]));
        double[] grid = new double[n];
        double standalone = 0;
        double[] ownPeak = new double[v.nodes.size()];
        for (int k = 0; k < v.nodes.size(); k++) {
            Node node = v.nodes.get(k);
            for (int t = 0; t < n; t++) {
                double x = net[k][t];
                grid[t] += x;
                if (node.feederId() != null) {
                    feederW.get(node.feederId())[t] += x;
                }
                standalone += dt / 1000 * (x > 0 ? v.importPrice[t] * x : v.exportPrice[t] * x);
                ownPeak[k] = Math.max(ownPeak[k], x);
            }
        }
        for (FeederLimits f : v.feeders.values()) {
            double[] fw = feederW.get(f.id());
            for (int t = 0; t < n; t++) {
                if (f.transformerId() != null) {
                    trafoW.get(f.transformerId())[t] += fw[t];
                }
                limit(violations, t, fw[t], f.importLimitW(), f.exportLimitW(), "feeder " + f.id());
            }
        }
        for (TransformerLimits tr : v.transformers.values()) {
            double[] tw = trafoW.get(tr.id());
            for (int t = 0; t < n; t++) {
                if (Math.abs(tw[t]) > tr.ratingW() + TOL_W) {
                    violations.add(new Violation(
                            t, "transformer " + tr.id() + " rating", Math.abs(tw[t]) - tr.ratingW(), Kind.GRID));
                }
            }
        }
        var policy = v.scenario.policy();
        double energy = 0;
        double peak = 0;
        for (int t = 0; t < n; t++) {
            energy += dt / 1000 * (grid[t] > 0 ? v.importPrice[t] * grid[t] : v.exportPrice[t] * grid[t]);
            peak = Math.max(peak, grid[t]);
            limit(
                    violations,
                    t,
                    grid[t],
                    policy.connectionImportLimitW(),
                    policy.connectionExportLimitW(),
                    "community connection");
        }
        double peakEur = policy.peakChargeEurPerKw() * peak / 1000;
        double ownPeakEur = 0;
        for (double p : ownPeak) {
            ownPeakEur += policy.peakChargeEurPerKw() * p / 1000;
        }
        return new Result(
                net,
                feederW,
                trafoW,
                grid,
                soc,
                energy,
                degradation,
                peakEur,
                energy + degradation + peakEur,
                standalone + degradation + ownPeakEur,
                violations);
    }

    private static void limit(
            List<Violation> out, int t, double w, double importLimit, double exportLimit, String what) {
        if (w > importLimit + TOL_W) {
            out.add(new Violation(t, what + " import limit", w - importLimit, Kind.GRID));
        } else if (-w > exportLimit + TOL_W) {
            out.add(new Violation(t, what + " export limit", -w - exportLimit, Kind.GRID));
        }
    }
}
