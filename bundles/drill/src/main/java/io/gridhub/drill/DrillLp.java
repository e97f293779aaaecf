package io.gridhub.drill;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import io.gridhub.drill.DrillCase.FeederStep;
import io.gridhub.drill.DrillCase.Instance;
import io.gridhub.drill.DrillCase.Load;
import io.gridhub.drill.DrillCase.Source;
import io.gridhub.drill.DrillCase.Store;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The drill's variant of the dispatch model (docs/dispatch.md) on OR-Tools GLOP: the same grid exchange at the
 * community connection at import and export prices, feeder and transformer limits, curtailable PV and batteries
 * (charge, discharge and state of charge per battery, the dispatch LP's efficiencies), plus a shed variable per
 * load and step at its priority's cost ({@link #shedCostEurPerKWh}). While islanded there is no exchange and no
 * feeder row (the island is one bus); in a contingency the limits are the scaled ones of the step. No terminal state
 * of charge: the drill asks what the batteries can give. Units inside: kW, kWh, EUR.
 */
final class DrillLp {
    static final String SOLVER = "GLOP";
    /** Cost of shedding a critical load, EUR/kWh: more than twice priority 9's. */
    static final double CRITICAL_COST = shedCostEurPerKWh(DrillCase.CRITICAL);
    /** A later shed costs up to this share less: the LP serves each class as early as it can. */
    static final double LATER = 1e-3;
    /** Within a class and step, a load later in the list costs up to this share less to shed (it is shed first). */
    static final double ORDER = 1e-5;

    private DrillLp() {}

    /** Shedding a kWh at a priority: 10 × 2^priority EUR (priority 1: 20 EUR, 9: 5,120, critical 10,240). */
    static double shedCostEurPerKWh(int priority) {
        return 10 * Math.pow(2, priority);
    }

    static Outcome solve(Instance in) {
        DrillCase c = in.c();
        int n = c.n;
        double dt = c.dt;
        MPSolver solver = MPSolver.createSolver(SOLVER);
        if (solver == null) {
            throw new IllegalStateException("OR-Tools has no " + SOLVER + " solver");
        }
        try {
            double inf = MPSolver.infinity();
            MPObjective obj = solver.objective();
            obj.setMinimization();
            MPVariable[] gi = new MPVariable[n];
            MPVariable[] ge = new MPVariable[n];
            MPConstraint[] bal = new MPConstraint[n];
            Map<String, MPConstraint[]> frows = new LinkedHashMap<>();
            Map<String, MPVariable[]> fvars = new LinkedHashMap<>();
            double[] fixed = new double[n];
            Map<String, double[]> fixedOn = new LinkedHashMap<>();
            c.feeders.forEach(f -> fixedOn.put(f.id(), new double[n]));
            for (Load l : in.loads()) {
                for (int k = 0; k < n; k++) {
                    fixed[k] += l.w()[k] / 1000;
                    if (l.feederId() != null) {
                        fixedOn.get(l.feederId())[k] += l.w()[k] / 1000;
                    }
                }
            }
            for (int k = 0; k < n; k++) {
                gi[k] = solver.makeNumVar(0, kw(c.importLimitW[k]), "gi_" + k);
                ge[k] = solver.makeNumVar(0, kw(c.exportLimitW[k]), "ge_" + k);
                obj.setCoefficient(gi[k], c.importPrice[k] * dt);
                obj.setCoefficient(ge[k], -c.exportPrice[k] * dt);
                // import − export + Σ deliveries − Σ draws + Σ shed = Σ loads
                bal[k] = solver.makeConstraint(fixed[k], fixed[k], "bal_" + k);
                bal[k].setCoefficient(gi[k], 1);
                bal[k].setCoefficient(ge[k], -1);
            }
            for (FeederStep f : c.feeders) {
                MPConstraint[] rows = new MPConstraint[n];
                MPVariable[] fv = new MPVariable[n];
                for (int k = 0; k < n; k++) {
                    if (c.island[k]) {
                        continue;
                    }
                    fv[k] = solver.makeNumVar(-kw(f.exportW()[k]), kw(f.importW()[k]), "f_" + f.id() + "_" + k);
                    double rhs = fixedOn.get(f.id())[k];
                    rows[k] = solver.makeConstraint(rhs, rhs, "fd_" + f.id() + "_" + k);
                    rows[k].setCoefficient(fv[k], 1);
                }
                frows.put(f.id(), rows);
                fvars.put(f.id(), fv);
            }
            c.transformerW.forEach((t, rating) -> {
                for (int k = 0; k < n; k++) {
                    if (c.island[k]) {
                        continue;
                    }
                    MPVariable tv = solver.makeNumVar(-kw(rating[k]), kw(rating[k]), "tr_" + t + "_" + k);
                    MPConstraint row = solver.makeConstraint(0, 0, "tf_" + t + "_" + k);
                    row.setCoefficient(tv, 1);
                    for (FeederStep f : c.feeders) {
                        if (t.equals(f.transformerId())) {
                            row.setCoefficient(fvars.get(f.id())[k], -1);
                        }
                    }
                }
            });
            for (Source p : in.pv()) {
                for (int k = 0; k < n; k++) {
                    if (p.w()[k] > 0) {
                        inject(bal, frows, p.feederId(), k, solver.makeNumVar(0, p.w()[k] / 1000, "pv"), 1);
                    }
                }
            }
            List<MPVariable[]> socs = new ArrayList<>();
            for (Store s : c.stores) {
                socs.add(battery(solver, bal, frows, s, n, dt));
            }
            List<MPVariable[]> shed = new ArrayList<>();
            int count = in.loads().size();
            for (int i = 0; i < count; i++) {
                Load l = in.loads().get(i);
                MPVariable[] x = new MPVariable[n];
                double cost = shedCostEurPerKWh(l.priority()) * dt * (1 + ORDER * (count - i) / count);
                for (int k = 0; k < n; k++) {
                    if (l.w()[k] > 0) {
                        x[k] = solver.makeNumVar(0, l.w()[k] / 1000, "shed");
                        obj.setCoefficient(x[k], cost * (1 + LATER * (n - k) / n));
                        // shedding delivers: it lowers what the node draws
                        inject(bal, frows, l.feederId(), k, x[k], 1);
                    }
                }
                shed.add(x);
            }
            MPSolver.ResultStatus status = solver.solve();
            if (status != MPSolver.ResultStatus.OPTIMAL) {
                throw new IllegalStateException("drill LP: " + status);
            }
            double[][] served = new double[count][n];
            for (int i = 0; i < count; i++) {
                for (int k = 0; k < n; k++) {
                    double w = in.loads().get(i).w()[k];
                    MPVariable x = shed.get(i)[k];
                    served[i][k] = Math.max(0, w - (x == null ? 0 : x.solutionValue() * 1000));
                }
            }
            double[] stored = new double[n];
            for (MPVariable[] s : socs) {
                for (int k = 0; k < n; k++) {
                    stored[k] += s[k].solutionValue() * 1000;
                }
            }
            double[] grid = new double[n];
            double cost = 0;
            for (int k = 0; k < n; k++) {
                grid[k] = (gi[k].solutionValue() - ge[k].solutionValue()) * 1000;
                cost += (c.importPrice[k] * gi[k].solutionValue() - c.exportPrice[k] * ge[k].solutionValue()) * dt;
            }
            Map<String, double[]> flows = new LinkedHashMap<>();
            fvars.forEach((f, vars) -> {
                double[] w = new double[n];
                for (int k = 0; k < n; k++) {
                    w[k] = vars[k] == null ? Double.NaN : vars[k].solutionValue() * 1000;
                }
                flows.put(f, w);
            });
            return new Outcome(served, stored, grid, cost, flows);
        } finally {
            solver.delete();
        }
    }

    /** Charge, discharge (cell side; ηd of it reaches the bus) and state of charge of one battery, kWh. */
    private static MPVariable[] battery(
            MPSolver solver, MPConstraint[] bal, Map<String, MPConstraint[]> frows, Store b, int n, double dt) {
        MPVariable[] s = new MPVariable[n];
        for (int k = 0; k < n; k++) {
            boolean on = b.available()[k];
            MPVariable ch = solver.makeNumVar(0, on ? b.maxChargeW() / 1000 : 0, "c");
            MPVariable dis = solver.makeNumVar(0, on ? b.maxDischargeW() / 1000 / b.etaD() : 0, "d");
            s[k] = solver.makeNumVar(b.minWh() / 1000, b.maxWh() / 1000, "s_" + b.id() + "_" + k);
            inject(bal, frows, b.feederId(), k, ch, -1);
            inject(bal, frows, b.feederId(), k, dis, b.etaD());
            double rhs = k == 0 ? Math.max(b.minWh(), Math.min(b.maxWh(), b.initWh())) / 1000 : 0;
            MPConstraint row = solver.makeConstraint(rhs, rhs, "soc_" + b.id() + "_" + k);
            row.setCoefficient(s[k], 1);
            if (k > 0) {
                row.setCoefficient(s[k - 1], -1);
            }
            row.setCoefficient(ch, -b.etaC() * dt);
            row.setCoefficient(dis, dt);
        }
        return s;
    }

    private static void inject(
            MPConstraint[] bal, Map<String, MPConstraint[]> frows, String feederId, int k, MPVariable x, double coef) {
        bal[k].setCoefficient(x, coef);
        MPConstraint[] rows = feederId == null ? null : frows.get(feederId);
        if (rows != null && rows[k] != null) {
            rows[k].setCoefficient(x, coef);
        }
    }

    private static double kw(double w) {
        return Double.isInfinite(w) ? MPSolver.infinity() : w / 1000;
    }
}
