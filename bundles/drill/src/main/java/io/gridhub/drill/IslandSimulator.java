package io.gridhub.drill;

import io.gridhub.drill.DrillCase.Instance;
import io.gridhub.drill.DrillCase.Load;
import io.gridhub.drill.DrillCase.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The exact fast method for an islanded community (docs/drills.md, "Why a merit order"): one bus, no grid, PV free
 * to curtail, the batteries as one store. Loads are served class by class, critical first, then shed priority 9 down
 * to 1. Each class is served as early as possible (forward pass) while the store keeps, at the end of every step,
 * the energy the classes already planned still need (backward pass): this is what the drill LP's optimum does with
 * its priority costs (each class worth more than twice the next, so no trade between classes pays) and its slight
 * preference for shedding later, which {@code IslandSimulatorTest} checks against the LP.
 *
 * <p>Batteries are merged: capacities and powers add up, efficiencies are averaged by capacity (exact when they are
 * equal). A battery lost at any step of the window is left out of the island (the engine solves such a drill with
 * the LP, per battery and per step).
 */
final class IslandSimulator {
    /** Below this a load counts as fully served (W). */
    static final double TOLERANCE_W = 1e-6;

    private final int n;
    private final double dt;
    private final double minWh;
    private final double maxWh;
    private final double initWh;
    private final double maxChW;
    private final double maxDisW;
    private final double etaC;
    private final double etaD;

    IslandSimulator(DrillCase c) {
        this.n = c.n;
        this.dt = c.dt;
        double lo = 0;
        double hi = 0;
        double init = 0;
        double ch = 0;
        double dis = 0;
        double ec = 0;
        double ed = 0;
        for (Store s : c.stores) {
            boolean whole = true;
            for (boolean a : s.available()) {
                whole &= a;
            }
            if (!whole) {
                continue;
            }
            lo += s.minWh();
            hi += s.maxWh();
            init += s.initWh();
            ch += s.maxChargeW();
            dis += s.maxDischargeW();
            ec += s.etaC() * s.maxWh();
            ed += s.etaD() * s.maxWh();
        }
        this.minWh = lo;
        this.maxWh = hi;
        this.initWh = Math.max(lo, Math.min(hi, init));
        this.maxChW = ch;
        this.maxDisW = dis;
        this.etaC = hi > 0 ? ec / hi : 1;
        this.etaD = hi > 0 ? ed / hi : 1;
    }

    Outcome solve(Instance in) {
        List<Load> loads = in.loads();
        double[][] served = new double[loads.size()][n];
        double[] pv = new double[n];
        for (int k = 0; k < n; k++) {
            pv[k] = in.pvAt(k);
        }
        // Classes, highest priority first; within a class the loads in their order.
        TreeMap<Integer, List<Integer>> classes = new TreeMap<>((a, b) -> Integer.compare(b, a));
        for (int l = 0; l < loads.size(); l++) {
            classes.computeIfAbsent(loads.get(l).priority(), x -> new ArrayList<>())
                    .add(l);
        }
        double[] net = pv.clone(); // PV left after the classes planned so far (negative: the store must cover it)
        double[] stored = new double[n];
        for (Map.Entry<Integer, List<Integer>> cls : classes.entrySet()) {
            double[] req = required(net);
            double s = initWh;
            for (int k = 0; k < n; k++) {
                double demand = 0;
                for (int l : cls.getValue()) {
                    demand += loads.get(l).w()[k];
                }
                double y = Math.min(demand, Math.max(0, most(net[k], s, req[k])));
                double left = y;
                for (int l : cls.getValue()) {
                    double x = Math.min(left, loads.get(l).w()[k]);
                    served[l][k] = x;
                    left -= x;
                }
                net[k] -= y;
                s = next(s, net[k]);
                stored[k] = s;
            }
        }
        if (classes.isEmpty()) {
            double s = initWh;
            for (int k = 0; k < n; k++) {
                s = next(s, net[k]);
                stored[k] = s;
            }
        }
        return new Outcome(served, stored, new double[n], 0, Map.of());
    }

    /**
     * The most a class may take in a step (W) with the store at {@code s} before it, so that the store still holds
     * {@code req} after it: from the PV left, less what the store must charge; or beyond it, by discharging.
     */
    private double most(double net, double s, double req) {
        if (s < req) {
            double need = (req - s) / (etaC * dt);
            return net - need;
        }
        double dmax = Math.min(maxDisW, (s - req) * etaD / dt);
        return net + dmax;
    }

    /** The store after a step whose PV left is {@code net} (W; negative: discharge). */
    private double next(double s, double net) {
        if (net >= 0) {
            return Math.min(maxWh, s + etaC * Math.min(net, maxChW) * dt);
        }
        return Math.max(minWh, s + net * dt / etaD);
    }

    /**
     * The energy the store must hold at the end of each step (Wh) so that every later step's deficit (of the PV
     * left) can still be covered: backward from the minimum at the end of the window.
     */
    double[] required(double[] net) {
        double[] req = new double[n];
        double r = minWh;
        for (int k = n - 1; k >= 0; k--) {
            req[k] = r;
            double x = net[k];
            if (x >= 0) {
                r = Math.max(minWh, r - etaC * Math.min(x, maxChW) * dt);
            } else {
                r = r - x * dt / etaD;
            }
        }
        return req;
    }

    /**
     * The energy above the minimum the store must hold at the window's start so that the critical loads of the
     * instance are served to its end (Wh; may exceed what the store can hold, which then says by how much).
     */
    double criticalReserveWh(Instance in) {
        double[] net = new double[n];
        for (int k = 0; k < n; k++) {
            net[k] = in.pvAt(k);
            for (Load l : in.loads()) {
                if (l.critical()) {
                    net[k] -= l.w()[k];
                }
            }
            // More than the store's power can give is not served whatever it holds.
            net[k] = Math.max(net[k], -maxDisW);
        }
        double[] req = required(net);
        double r = req.length == 0 ? minWh : req[0];
        double x = net.length == 0 ? 0 : net[0];
        double atStart = x >= 0 ? Math.max(minWh, r - etaC * Math.min(x, maxChW) * dt) : r - x * dt / etaD;
        return atStart - minWh;
    }

    double usableWh() {
        return maxWh - minWh;
    }

    double storedNowWh() {
        return initWh - minWh;
    }

    double maxChargeW() {
        return maxChW;
    }

    double chargeEfficiency() {
        return etaC;
    }
}
