package io.gridhub.dispatch.lp.internal;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPSolverParameters;
import com.google.ortools.linearsolver.MPVariable;
import io.gridhub.api.dispatch.BatteryParameters;
import io.gridhub.dispatch.common.ScenarioView;
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
 * The dispatch model of a scenario as an OR-Tools linear program (a MILP only when an EV asks for a minimum
 * charging power). Units inside the model: kW, kWh, EUR; the step is {@code dt} hours.
 *
 * <p>Every number that enters the model is first rounded to 6 significant digits ({@link #r6}): OR-Tools' MPS
 * writer prints 6 significant digits, so only then is the exported MPS exactly the model solved and its optimum
 * exactly the plan's objective. Two-sided rows are avoided for the same reason (MPS writes them as a rounded range).
 *
 * <p>In the elastic modes ({@link Mode}) every limit and every energy need gets a slack variable: {@link
 * Mode#DIAGNOSE} minimizes the total slack alone, and the slack that stays positive names the constraint group that
 * makes the scenario infeasible; {@link Mode#RECOVER} keeps the costs and weights each slack by what it protects
 * ({@link Protects}), which gives the least-violating plan.
 */
final class LpModel implements AutoCloseable {
    static final String LP_SOLVER = "GLOP";
    static final String MILP_SOLVER = "SCIP";

    /**
     * Curtailable PV on one feeder (or at the connection): the model has no constraint that tells them apart, so one
     * variable per step for their sum is exact; a plan splits it in proportion to each forecast.
     */
    record PvGroup(String key, List<Pv> members, double[] forecastW, MPVariable[] x) {}

    /**
     * Batteries on one feeder that are scaled copies of each other (same efficiencies, SOC fractions, wear cost and
     * power-to-capacity ratios): one battery of their summed size is exact; a plan splits it by capacity.
     */
    record BatteryGroup(String key, String label, List<Battery> members, double capacityWh) {}

    /** What the model is solved for. */
    enum Mode {
        /** The dispatch model: least cost within every limit and need. */
        PLAN,
        /** Elastic, each slack at weight 1 and no cost: names the constraint groups behind an infeasibility. */
        DIAGNOSE,
        /**
         * Elastic, the costs plus each slack weighted by what it protects: the least-violating plan of an infeasible
         * scenario. The state-of-charge bounds stay hard (physical), widened only to where a battery already is, so
         * that an idle battery always fits; the terminal state of charge is a need like an EV's.
         */
        RECOVER
    }

    /**
     * What a slack protects, and its weight in {@link Mode#RECOVER} per kWh beyond (a power slack counts for its
     * step's duration): safety far above service, service above any price, so that the plan pays whatever the
     * energy costs before it leaves a need unserved, and leaves every need unserved before it adds to an overload.
     */
    enum Protects {
        /** A battery's state-of-charge bounds (only {@link Mode#DIAGNOSE} relaxes them). */
        PHYSICAL(1e7),
        /** Feeder, transformer and connection limits. */
        SAFETY(1e5),
        /** EV and flexible-load energy, a battery's terminal state of charge. */
        SERVICE(1e3);

        final double eurPerKWh;

        Protects(double eurPerKWh) {
            this.eurPerKWh = eurPerKWh;
        }
    }

    /** One slack: the constraint group it relaxes (as explanations name it), its variable, its step (−1: none). */
    record Slack(String group, MPVariable var, int step, Protects protects) {}

    final ScenarioView v;
    final Mode mode;
    /** Limits and needs have slacks (DIAGNOSE, RECOVER). */
    final boolean elastic;
    /** The objective has the costs (PLAN, RECOVER). */
    final boolean costs;

    final boolean milp;
    final MPSolver solver;
    final int n;
    final double dt;
    final MPVariable[] gridImport;
    final MPVariable[] gridExport;
    final MPConstraint[] balance;
    final Map<String, MPVariable[]> feeder = new LinkedHashMap<>();
    final Map<String, MPVariable[]> transformer = new LinkedHashMap<>();
    final Map<String, MPVariable[]> charge = new LinkedHashMap<>();
    final Map<String, MPVariable[]> discharge = new LinkedHashMap<>();
    final Map<String, MPVariable[]> soc = new LinkedHashMap<>();
    final List<PvGroup> pvGroups = new ArrayList<>();
    final List<BatteryGroup> batteryGroups = new ArrayList<>();
    final Map<String, MPVariable[]> power = new LinkedHashMap<>();
    MPVariable peak;
    MPConstraint[] peakRows;
    final List<Slack> slacks = new ArrayList<>();

    private final String lpSolver;
    final boolean aggregate;

    private LpModel(ScenarioView v, Mode mode, String lpSolver, boolean aggregate) {
        this.lpSolver = lpSolver;
        this.aggregate = aggregate;
        this.v = v;
        this.mode = mode;
        this.elastic = mode != Mode.PLAN;
        this.costs = mode != Mode.DIAGNOSE;
        this.n = v.steps;
        this.dt = v.dtHours;
        this.milp = v.nodes.stream()
                .anyMatch(node -> node.evs().stream().anyMatch(e -> e.p().needsBinaries() && e.p().energyWh() > 0));
        this.solver = MPSolver.createSolver(milp ? MILP_SOLVER : lpSolver);
        if (solver == null) {
            throw new IllegalStateException("OR-Tools has no " + (milp ? MILP_SOLVER : lpSolver) + " solver");
        }
        this.gridImport = new MPVariable[n];
        this.gridExport = new MPVariable[n];
        this.balance = new MPConstraint[n];
    }

    /**
     * Rounds to 6 significant digits, the precision OR-Tools' MPS writer keeps. By arithmetic, not by formatting
     * (which costs microseconds per number): the result may sit an ulp off the 6-digit decimal, which the writer
     * then prints exactly and a reader parses back to within that ulp.
     */
    static double r6(double x) {
        if (x == 0 || !Double.isFinite(x)) {
            return x;
        }
        int exp = (int) Math.floor(Math.log10(Math.abs(x)));
        double scale = Math.pow(10, 5 - exp);
        double r = Math.rint(x * scale) / scale;
        // log10 can be off by one at exact powers of ten; then the scaled value has 7 digits: round once more.
        return Math.abs(x * scale) >= 999_999.5 ? Math.rint(x * scale / 10) / (scale / 10) : r;
    }

    private static double kw(double w) {
        return r6(w / 1000);
    }

    static LpModel build(ScenarioView v, Mode mode, String lpSolver, boolean aggregate) {
        LpModel m = new LpModel(v, mode, lpSolver, aggregate);
        try {
            m.build();
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        return m;
    }

    private void build() {
        double inf = MPSolver.infinity();
        var policy = v.scenario.policy();
        MPObjective obj = solver.objective();
        obj.setMinimization();
        for (int t = 0; t < n; t++) {
            double impLimit = elastic || Double.isInfinite(policy.connectionImportLimitW())
                    ? inf
                    : kw(policy.connectionImportLimitW());
            double expLimit = elastic || Double.isInfinite(policy.connectionExportLimitW())
                    ? inf
                    : kw(policy.connectionExportLimitW());
            gridImport[t] = solver.makeNumVar(0, impLimit, "gi_" + t);
            gridExport[t] = solver.makeNumVar(0, expLimit, "ge_" + t);
            if (costs) {
                obj.setCoefficient(gridImport[t], r6(v.importPrice[t] * dt));
                obj.setCoefficient(gridExport[t], r6(-v.exportPrice[t] * dt));
            }
            if (elastic) {
                upperSlack(gridImport[t], policy.connectionImportLimitW(), "community connection import limit", t);
                upperSlack(gridExport[t], policy.connectionExportLimitW(), "community connection export limit", t);
            }
        }
        // Balance at the connection: import − export − Σ controllable = Σ fixed (loads − uncurtailable PV).
        double[] fixedAll = new double[n];
        Map<String, double[]> fixedOnFeeder = new LinkedHashMap<>();
        for (FeederLimits f : v.feeders.values()) {
            fixedOnFeeder.put(f.id(), new double[n]);
        }
        for (Node node : v.nodes) {
            double[] fixed = fixedOf(node);
            for (int t = 0; t < n; t++) {
                fixedAll[t] += fixed[t];
                if (node.feederId() != null) {
                    fixedOnFeeder.get(node.feederId())[t] += fixed[t];
                }
            }
        }
        for (int t = 0; t < n; t++) {
            double rhs = kw(fixedAll[t]);
            balance[t] = solver.makeConstraint(rhs, rhs, "bal_" + t);
            balance[t].setCoefficient(gridImport[t], 1);
            balance[t].setCoefficient(gridExport[t], -1);
        }
        Map<String, MPConstraint[]> feederRows = new LinkedHashMap<>();
        for (FeederLimits f : v.feeders.values()) {
            MPVariable[] fv = new MPVariable[n];
            MPConstraint[] rows = new MPConstraint[n];
            for (int t = 0; t < n; t++) {
                fv[t] = elastic
                        ? solver.makeNumVar(-inf, inf, "f_" + f.id() + "_" + t)
                        : solver.makeNumVar(-kw(f.exportLimitW()), kw(f.importLimitW()), "f_" + f.id() + "_" + t);
                double rhs = kw(fixedOnFeeder.get(f.id())[t]);
                rows[t] = solver.makeConstraint(rhs, rhs, "fd_" + f.id() + "_" + t);
                rows[t].setCoefficient(fv[t], 1);
                if (elastic) {
                    upperSlack(fv[t], f.importLimitW(), "feeder " + f.id() + " import limit", t);
                    lowerSlack(fv[t], -f.exportLimitW(), "feeder " + f.id() + " export limit", t);
                }
            }
            feeder.put(f.id(), fv);
            feederRows.put(f.id(), rows);
        }
        for (TransformerLimits tr : v.transformers.values()) {
            MPVariable[] tv = new MPVariable[n];
            for (int t = 0; t < n; t++) {
                double r = kw(tr.ratingW());
                tv[t] = elastic
                        ? solver.makeNumVar(-inf, inf, "tr_" + tr.id() + "_" + t)
                        : solver.makeNumVar(-r, r, "tr_" + tr.id() + "_" + t);
                MPConstraint row = solver.makeConstraint(0, 0, "tf_" + tr.id() + "_" + t);
                row.setCoefficient(tv[t], 1);
                for (FeederLimits f : v.feeders.values()) {
                    if (tr.id().equals(f.transformerId())) {
                        row.setCoefficient(feeder.get(f.id())[t], -1);
                    }
                }
                if (elastic) {
                    upperSlack(tv[t], tr.ratingW(), "transformer " + tr.id() + " rating", t);
                    lowerSlack(tv[t], -tr.ratingW(), "transformer " + tr.id() + " rating", t);
                }
            }
            transformer.put(tr.id(), tv);
        }
        groupPv(feederRows);
        groupBatteries(feederRows, obj);
        for (Node node : v.nodes) {
            MPConstraint[] frows = node.feederId() == null ? null : feederRows.get(node.feederId());
            for (Ev e : node.evs()) {
                ev(e, frows);
            }
            for (Flex f : node.flex()) {
                flex(f, frows);
            }
        }
        if (costs && policy.peakChargeEurPerKw() > 0) {
            peak = solver.makeNumVar(0, inf, "peak");
            obj.setCoefficient(peak, r6(policy.peakChargeEurPerKw()));
            peakRows = new MPConstraint[n];
            for (int t = 0; t < n; t++) {
                peakRows[t] = solver.makeConstraint(0, inf, "pk_" + t);
                peakRows[t].setCoefficient(peak, 1);
                peakRows[t].setCoefficient(gridImport[t], -1);
            }
        }
    }

    private void groupPv(Map<String, MPConstraint[]> feederRows) {
        Map<String, List<Pv>> groups = new LinkedHashMap<>();
        for (Node node : v.nodes) {
            for (Pv p : node.pv()) {
                if (p.curtailable()) {
                    String key = aggregate ? (node.feederId() == null ? "conn" : node.feederId()) : p.id();
                    groups.computeIfAbsent(key + "\u0000" + node.feederId(), k -> new ArrayList<>())
                            .add(p);
                }
            }
        }
        groups.forEach((k, members) -> {
            String key = k.substring(0, k.indexOf('\u0000'));
            String feederId = k.substring(k.indexOf('\u0000') + 1);
            MPConstraint[] frows = feederId.equals("null") ? null : feederRows.get(feederId);
            double[] fc = new double[n];
            for (Pv p : members) {
                for (int t = 0; t < n; t++) {
                    fc[t] += Math.max(0, p.forecastW()[t]);
                }
            }
            MPVariable[] x = new MPVariable[n];
            for (int t = 0; t < n; t++) {
                if (fc[t] > 0) {
                    x[t] = solver.makeNumVar(0, kw(fc[t]), "pv_" + key + "_" + t);
                    inject(frows, t, x[t], 1);
                }
            }
            pvGroups.add(new PvGroup(key, members, fc, x));
        });
    }

    private void groupBatteries(Map<String, MPConstraint[]> feederRows, MPObjective obj) {
        Map<String, List<Battery>> groups = new LinkedHashMap<>();
        Map<String, String> feederOf = new LinkedHashMap<>();
        for (Node node : v.nodes) {
            for (Battery b : node.batteries()) {
                BatteryParameters p = b.p();
                String key = !aggregate
                        ? b.id()
                        : String.join(
                                "|",
                                String.valueOf(node.feederId()),
                                String.valueOf(p.chargeEfficiency()),
                                String.valueOf(p.dischargeEfficiency()),
                                String.valueOf(p.socMin()),
                                String.valueOf(p.socMax()),
                                String.valueOf(p.socInitial()),
                                String.valueOf(p.socTerminal()),
                                String.valueOf(p.degradationEurPerKWh()),
                                String.valueOf(p.maxChargeW() / p.capacityWh()),
                                String.valueOf(p.maxDischargeW() / p.capacityWh()));
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(b);
                feederOf.put(key, node.feederId());
            }
        }
        groups.forEach((key, members) -> {
            Battery first = members.get(0);
            BatteryParameters p = first.p();
            double cap = members.stream().mapToDouble(b -> b.p().capacityWh()).sum();
            double ch = members.stream().mapToDouble(b -> b.p().maxChargeW()).sum();
            double dis =
                    members.stream().mapToDouble(b -> b.p().maxDischargeW()).sum();
            String id = members.size() == 1 ? first.id() : first.id() + "_x" + members.size();
            String label = members.size() == 1 ? first.id() : first.id() + " and " + (members.size() - 1) + " like it";
            BatteryParameters sum = new BatteryParameters(
                    id,
                    ch,
                    dis,
                    cap,
                    p.socMin(),
                    p.socMax(),
                    p.socInitial(),
                    p.socTerminal(),
                    p.chargeEfficiency(),
                    p.dischargeEfficiency(),
                    p.degradationEurPerKWh());
            String feederId = feederOf.get(key);
            battery(
                    new Battery(id, sum, first.shared()),
                    label,
                    feederId == null ? null : feederRows.get(feederId),
                    obj);
            batteryGroups.add(new BatteryGroup(id, label, members, cap));
        });
    }

    /** What a node draws regardless of the plan, W: loads minus PV that may not be curtailed. */
    private static double[] fixedOf(Node node) {
        double[] x = node.fixedLoadW().clone();
        for (Pv p : node.pv()) {
            if (!p.curtailable()) {
                for (int t = 0; t < x.length; t++) {
                    x[t] -= p.forecastW()[t];
                }
            }
        }
        return x;
    }

    /**
     * Adds a controllable quantity to the balance and its feeder row. {@code delivering}: +1 when it feeds the grid
     * side (PV, discharge), −1 when it draws (charge, EV, flexible load).
     */
    private void inject(MPConstraint[] feederRows, int t, MPVariable x, double delivering) {
        // Rows read: import − export − Σ draws + Σ deliveries = fixed; a feeder: flow − Σ draws + Σ deliveries = fixed.
        balance[t].setCoefficient(x, delivering);
        if (feederRows != null) {
            feederRows[t].setCoefficient(x, delivering);
        }
    }

    private void battery(Battery b, String label, MPConstraint[] frows, MPObjective obj) {
        BatteryParameters p = b.p();
        double cap = p.capacityWh() / 1000;
        double lo = r6(p.socMin() * cap);
        double hi = r6(p.socMax() * cap);
        double last = r6(Math.max(p.socMin(), p.socTerminal()) * cap);
        double inf = MPSolver.infinity();
        MPVariable[] c = new MPVariable[n];
        MPVariable[] d = new MPVariable[n];
        MPVariable[] s = new MPVariable[n];
        // d is what leaves the cells; ηd·d reaches the grid side. Written this way round, every coefficient is a
        // plain efficiency (0.95, not 1/0.95 rounded), so small cases stay exact.
        double etaD = r6(p.dischargeEfficiency());
        double etaC = r6(p.chargeEfficiency() * dt);
        double wear = r6(p.degradationEurPerKWh() * dt);
        double wearD = r6(p.degradationEurPerKWh() * dt * p.dischargeEfficiency());
        for (int t = 0; t < n; t++) {
            c[t] = solver.makeNumVar(0, kw(p.maxChargeW()), "c_" + b.id() + "_" + t);
            d[t] = solver.makeNumVar(0, kw(p.maxDischargeW() / p.dischargeEfficiency()), "d_" + b.id() + "_" + t);
            if (mode == Mode.DIAGNOSE) {
                s[t] = solver.makeNumVar(0, inf, "s_" + b.id() + "_" + t);
                upperSlack(s[t], hi * 1000, "battery " + label + " state-of-charge bounds", t);
                lowerSlack(
                        s[t],
                        (t == n - 1 ? last : lo) * 1000,
                        t == n - 1
                                ? "battery " + label + " terminal state of charge"
                                : "battery " + label + " state-of-charge bounds",
                        t);
            } else if (mode == Mode.RECOVER) {
                // Where the battery is now always fits: it need not climb back into its bounds, only not leave them.
                double now = r6(p.socInitial() * cap);
                s[t] = solver.makeNumVar(Math.min(lo, now), Math.max(hi, now), "s_" + b.id() + "_" + t);
                if (t == n - 1 && last > Math.min(lo, now)) {
                    lowerSlack(s[t], last * 1000, "battery " + label + " terminal state of charge", -1);
                }
            } else {
                s[t] = solver.makeNumVar(t == n - 1 ? last : lo, hi, "s_" + b.id() + "_" + t);
            }
            if (costs && wear != 0) {
                obj.setCoefficient(c[t], wear);
                obj.setCoefficient(d[t], wearD);
            }
            inject(frows, t, c[t], -1);
            inject(frows, t, d[t], etaD);
            // s_t − s_{t−1} − ηc·dt·c_t + dt·d_t = 0, with s_{−1} the initial energy on the right-hand side.
            double rhs = t == 0 ? r6(p.socInitial() * cap) : 0;
            MPConstraint row = solver.makeConstraint(rhs, rhs, "soc_" + b.id() + "_" + t);
            row.setCoefficient(s[t], 1);
            if (t > 0) {
                row.setCoefficient(s[t - 1], -1);
            }
            row.setCoefficient(c[t], -etaC);
            row.setCoefficient(d[t], r6(dt));
        }
        charge.put(b.id(), c);
        discharge.put(b.id(), d);
        soc.put(b.id(), s);
    }

    private void ev(Ev e, MPConstraint[] frows) {
        MPVariable[] x = new MPVariable[n];
        double need = r6(e.p().energyWh() / 1000);
        MPConstraint energy = solver.makeConstraint(need, need, "evE_" + e.id());
        boolean binary = e.p().needsBinaries() && e.p().energyWh() > 0;
        for (int t = e.from(); t < e.to(); t++) {
            x[t] = solver.makeNumVar(0, kw(e.p().maxPowerW()), "ev_" + e.id() + "_" + t);
            inject(frows, t, x[t], -1);
            energy.setCoefficient(x[t], r6(dt));
            if (binary) {
                MPVariable on = solver.makeIntVar(0, 1, "on_" + e.id() + "_" + t);
                MPConstraint min = solver.makeConstraint(0, MPSolver.infinity(), "evmin_" + e.id() + "_" + t);
                min.setCoefficient(x[t], 1);
                min.setCoefficient(on, -kw(e.p().minPowerW()));
                MPConstraint max = solver.makeConstraint(-MPSolver.infinity(), 0, "evmax_" + e.id() + "_" + t);
                max.setCoefficient(x[t], 1);
                max.setCoefficient(on, -kw(e.p().maxPowerW()));
            }
        }
        if (elastic) {
            equalitySlack(energy, "EV " + e.id() + " energy need within its window");
        }
        power.put(e.id(), x);
    }

    private void flex(Flex f, MPConstraint[] frows) {
        MPVariable[] x = new MPVariable[n];
        double need = r6(f.p().energyWh() / 1000);
        MPConstraint energy = solver.makeConstraint(need, need, "flexE_" + f.id());
        for (int t = f.from(); t < f.to(); t++) {
            x[t] = solver.makeNumVar(kw(f.p().minPowerW()), kw(f.p().maxPowerW()), "x_" + f.id() + "_" + t);
            inject(frows, t, x[t], -1);
            energy.setCoefficient(x[t], r6(dt));
        }
        if (elastic) {
            equalitySlack(energy, "flexible load " + f.id() + " energy within its window");
        }
        power.put(f.id(), x);
    }

    // Elastic modes: x − s ≤ limit (upper) or x + s ≥ limit (lower), slack s ≥ 0 (see slack for its cost).
    private void upperSlack(MPVariable x, double limitW, String group, int t) {
        if (Double.isInfinite(limitW)) {
            return;
        }
        MPVariable s = slack(group, t);
        MPConstraint row = solver.makeConstraint(-MPSolver.infinity(), kw(limitW), "");
        row.setCoefficient(x, 1);
        row.setCoefficient(s, -1);
    }

    private void lowerSlack(MPVariable x, double limitW, String group, int t) {
        MPVariable s = slack(group, t);
        MPConstraint row = solver.makeConstraint(kw(limitW), MPSolver.infinity(), "");
        row.setCoefficient(x, 1);
        row.setCoefficient(s, 1);
    }

    private void equalitySlack(MPConstraint row, String group) {
        row.setCoefficient(slack(group, -1), 1);
        row.setCoefficient(slack(group, -1), -1);
    }

    /**
     * A slack in kW (a limit at step t) or kWh (a battery's state of charge, and energy needs, which have no step: t =
     * −1). What it protects follows: a need is service, a battery's state of charge at a step is physical, the rest
     * (grid limits) is safety. DIAGNOSE: 1 per kW or kWh. RECOVER: its {@link Protects} weight per kWh.
     */
    private MPVariable slack(String group, int t) {
        Protects protects =
                t < 0 ? Protects.SERVICE : group.startsWith("battery ") ? Protects.PHYSICAL : Protects.SAFETY;
        MPVariable s = solver.makeNumVar(0, MPSolver.infinity(), "");
        double perKWh = protects == Protects.SAFETY ? dt : 1;
        solver.objective().setCoefficient(s, mode == Mode.RECOVER ? r6(protects.eurPerKWh * perKWh) : 1);
        slacks.add(new Slack(group, s, t, protects));
        return s;
    }

    /** What the slacks add to the objective: the objective less this is the plan's cost. */
    double penalty() {
        double sum = 0;
        for (Slack s : slacks) {
            sum += solver.objective().getCoefficient(s.var()) * s.var().solutionValue();
        }
        return sum;
    }

    MPSolver.ResultStatus solve(long timeLimitMillis) {
        solver.setTimeLimit(timeLimitMillis);
        MPSolverParameters params = new MPSolverParameters();
        if (milp) {
            // The optimum, not a solution within OR-Tools' default 1e-4 gap: the plan states it as the objective.
            params.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, 1e-9);
        }
        return solver.solve(params);
    }

    String solverName() {
        return milp ? MILP_SOLVER : lpSolver;
    }

    String exportMps() {
        return solver.exportModelAsMpsFormat(false, false);
    }

    /** Value of a variable in W (kW in the model); 0 for steps where the asset has no variable. */
    static double w(MPVariable x) {
        return x == null ? 0 : x.solutionValue() * 1000;
    }

    @Override
    public void close() {
        solver.delete();
    }
}
