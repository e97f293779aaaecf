package io.gridhub.dispatch.lp.internal;

import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import io.gridhub.api.dispatch.Dispatcher;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.dispatch.SolverRuntime;
import io.gridhub.api.model.Binding;
import io.gridhub.api.model.Explanation;
import io.gridhub.api.model.Plan;
import io.gridhub.api.strategy.Strategy;
import io.gridhub.dispatch.common.Optimizer;
import io.gridhub.dispatch.common.PlanEvaluator;
import io.gridhub.dispatch.common.PlanFactory;
import io.gridhub.dispatch.common.RulePlanner;
import io.gridhub.dispatch.common.ScenarioView;
import io.gridhub.dispatch.common.ScenarioView.Battery;
import io.gridhub.dispatch.common.ScenarioView.Ev;
import io.gridhub.dispatch.common.ScenarioView.FeederLimits;
import io.gridhub.dispatch.common.ScenarioView.Flex;
import io.gridhub.dispatch.common.ScenarioView.Node;
import io.gridhub.dispatch.common.ScenarioView.Pv;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The LP optimizer strategy: least community cost within feeder, transformer and connection limits (see
 * docs/dispatch.md for the model). Infeasible: the least-violating plan of the weighted elastic model ({@link
 * LpModel.Mode#RECOVER}), which names the limits it could not keep and the energy it leaves unserved. Failed (or no
 * recovery either): the rule-based safe plan, with the reason naming the constraint group that made the model
 * infeasible.
 */
@Component(service = {Dispatcher.class, Strategy.class})
public final class LpDispatcher implements Optimizer {
    public static final String NAME = "lp-optimizer";

    private final SolverRuntime runtime;
    private final Clock clock;
    private final String lpSolver;
    private final boolean aggregate;

    @Activate
    public LpDispatcher(@Reference(target = "(runtime=ortools)") SolverRuntime runtime) {
        this(runtime, Clock.systemUTC());
    }

    /** Outside OSGi ({@link Optimizer#load}): OR-Tools' own loader. */
    public LpDispatcher() {
        this(StockLoaderRuntime.INSTANCE, Clock.systemUTC());
    }

    public LpDispatcher(SolverRuntime runtime, Clock clock) {
        this(runtime, clock, LpModel.LP_SOLVER, true);
    }

    /** With another OR-Tools backend for pure LPs and with or without merging (see {@link LpModel}). */
    public LpDispatcher(SolverRuntime runtime, Clock clock, String lpSolver, boolean aggregate) {
        this.runtime = runtime;
        this.clock = clock;
        this.lpSolver = lpSolver;
        this.aggregate = aggregate;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public Plan plan(Scenario scenario) {
        return optimize(scenario, false).plan();
    }

    @Override
    public Optimizer variant(String lpSolver, boolean aggregate) {
        return new LpDispatcher(runtime, clock, lpSolver, aggregate);
    }

    @Override
    public Outcome optimize(Scenario scenario, boolean exportModel) {
        ScenarioView v = new ScenarioView(scenario);
        runtime.ensureLoaded();
        long t0 = System.nanoTime();
        try (LpModel m = LpModel.build(v, LpModel.Mode.PLAN, lpSolver, aggregate)) {
            long t1 = System.nanoTime();
            MPSolver.ResultStatus status = m.solve(scenario.policy().timeLimit().toMillis());
            long t2 = System.nanoTime();
            String mps = exportModel ? m.exportMps() : null;
            int vars = m.solver.numVariables();
            int rows = m.solver.numConstraints();
            long build = (t1 - t0) / 1_000_000;
            long solve = (t2 - t1) / 1_000_000;
            // The plan carries the solve call alone, also when it ended without a plan: the solver did run.
            Duration solveTime = Duration.ofNanos(t2 - t1);
            if (status == MPSolver.ResultStatus.OPTIMAL || status == MPSolver.ResultStatus.FEASIBLE) {
                Plan plan = explain(v, m, status).withSolveTime(solveTime);
                return new Outcome(plan, m.solver.objective().value(), mps, m.solverName(), vars, rows, build, solve);
            }
            String why;
            if (status == MPSolver.ResultStatus.INFEASIBLE) {
                try (LpModel r = LpModel.build(v, LpModel.Mode.RECOVER, lpSolver, aggregate)) {
                    long t3 = System.nanoTime();
                    MPSolver.ResultStatus rs =
                            r.solve(scenario.policy().timeLimit().toMillis());
                    // Both solve calls made this plan.
                    solveTime = solveTime.plusNanos(System.nanoTime() - t3);
                    if (rs == MPSolver.ResultStatus.OPTIMAL || rs == MPSolver.ResultStatus.FEASIBLE) {
                        // No objective: the model exported (and checked against other solvers) has no optimum.
                        Plan plan = explain(v, r, rs).withSolveTime(solveTime);
                        return new Outcome(plan, null, mps, m.solverName(), vars, rows, build, solve);
                    }
                }
                why = "infeasible: " + diagnose(v);
            } else {
                why = "the solver stopped without a plan (" + status + ", time limit "
                        + scenario.policy().timeLimit().toSeconds() + " s)";
            }
            Plan plan = RulePlanner.safePlan(v, clock, NAME, "FALLBACK", why).withSolveTime(solveTime);
            return new Outcome(plan, null, mps, m.solverName(), vars, rows, build, solve);
        }
    }

    /** Names the constraint groups that stay violated when every limit and need may be broken at a cost. */
    static String diagnose(ScenarioView v) {
        try (LpModel e = LpModel.build(v, LpModel.Mode.DIAGNOSE, LpModel.LP_SOLVER, true)) {
            MPSolver.ResultStatus s = e.solve(v.scenario.policy().timeLimit().toMillis());
            if (s != MPSolver.ResultStatus.OPTIMAL && s != MPSolver.ResultStatus.FEASIBLE) {
                return "the constraint groups could not be told apart (" + s + ")";
            }
            List<Relaxed> relaxed = relaxed(e);
            if (relaxed.isEmpty()) {
                return "no single constraint group (numerical trouble)";
            }
            List<String> parts = new ArrayList<>();
            relaxed.stream().limit(3).forEach(r -> {
                String where = r.steps().isEmpty()
                        ? String.format(Locale.ROOT, "short by %.2f kWh", r.total())
                        : String.format(
                                Locale.ROOT,
                                "over by up to %.2f %s at %s from step %d",
                                r.max(),
                                r.unit(),
                                plural(r.steps().size(), "step"),
                                r.steps().get(0));
                parts.add(r.group() + " (" + where + ")");
            });
            return String.join("; ", parts);
        }
    }

    /**
     * A constraint group whose slack stays positive in an elastic model: the sum and the largest of its slacks, the
     * steps where it is relaxed (ascending; none for an energy need).
     */
    record Relaxed(String group, double total, double max, List<Integer> steps) {
        String unit() {
            return group.contains("state") ? "kWh" : "kW";
        }
    }

    /** The relaxed constraint groups of a solved elastic model, the largest total first. */
    static List<Relaxed> relaxed(LpModel e) {
        Map<String, List<LpModel.Slack>> byGroup = new LinkedHashMap<>();
        for (LpModel.Slack sl : e.slacks) {
            if (sl.var().solutionValue() > 1e-6) {
                byGroup.computeIfAbsent(sl.group(), k -> new ArrayList<>()).add(sl);
            }
        }
        List<Relaxed> out = new ArrayList<>();
        byGroup.forEach((group, sl) -> out.add(new Relaxed(
                group,
                sl.stream().mapToDouble(x -> x.var().solutionValue()).sum(),
                maxOver(e, group),
                sl.stream()
                        .map(LpModel.Slack::step)
                        .filter(t -> t >= 0)
                        .distinct()
                        .sorted()
                        .toList())));
        out.sort((a, b) -> Double.compare(b.total(), a.total()));
        return out;
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    private static double maxOver(LpModel e, String group) {
        return e.slacks.stream()
                .filter(s -> s.group().equals(group))
                .mapToDouble(s -> s.var().solutionValue())
                .max()
                .orElse(0);
    }

    /**
     * What a plan of the RECOVER model gives up: each limit it could not keep with its steps, each terminal state of
     * charge it misses, and each EV's or flexible load's energy it leaves unserved.
     */
    private static List<String> givenUp(ScenarioView v, LpModel m, Map<String, double[]> sp) {
        List<String> out = new ArrayList<>();
        for (Relaxed r : relaxed(m)) {
            if (!r.steps().isEmpty()) {
                out.add(String.format(
                        Locale.ROOT,
                        "not kept: %s at %s (over by up to %.2f %s)",
                        r.group(),
                        steps(r.steps()),
                        r.max(),
                        r.unit()));
            } else if (r.group().startsWith("battery ")) {
                out.add(String.format(Locale.ROOT, "%s missed by %.2f kWh", r.group(), r.total()));
            }
        }
        for (Node node : v.nodes) {
            node.evs().forEach(e -> unserved(out, "EV " + e.id(), e.p().energyWh(), sp.get(e.id()), v.dtHours));
            node.flex()
                    .forEach(
                            f -> unserved(out, "flexible load " + f.id(), f.p().energyWh(), sp.get(f.id()), v.dtHours));
        }
        return out;
    }

    private static void unserved(List<String> out, String what, double needWh, double[] w, double dt) {
        double got = Arrays.stream(w).sum() * dt;
        if (needWh - got >= 50) {
            out.add(String.format(
                    Locale.ROOT,
                    "%s gets %.1f of %.1f kWh (%.1f kWh unserved)",
                    what,
                    got / 1000,
                    needWh / 1000,
                    (needWh - got) / 1000));
        }
    }

    /** Steps as ranges: "step 3", "steps 16–17, 20". */
    static String steps(List<Integer> steps) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < steps.size(); ) {
            int j = i;
            while (j + 1 < steps.size() && steps.get(j + 1) == steps.get(j) + 1) {
                j++;
            }
            parts.add(i == j ? String.valueOf(steps.get(i)) : steps.get(i) + "–" + steps.get(j));
            i = j + 1;
        }
        return (steps.size() == 1 ? "step " : "steps ") + String.join(", ", parts);
    }

    private Plan explain(ScenarioView v, LpModel m, MPSolver.ResultStatus status) {
        int n = v.steps;
        double dt = v.dtHours;
        Map<String, double[]> sp = new LinkedHashMap<>();
        for (Node node : v.nodes) {
            // PV that may not be curtailed runs at its forecast; the rest is set from its group below.
            node.pv().forEach(p -> sp.put(p.id(), p.forecastW().clone()));
        }
        for (LpModel.PvGroup g : m.pvGroups) {
            for (Pv p : g.members()) {
                double[] w = sp.get(p.id());
                for (int t = 0; t < n; t++) {
                    w[t] = g.x()[t] == null
                            ? 0
                            : LpModel.w(g.x()[t]) * Math.max(0, p.forecastW()[t]) / g.forecastW()[t];
                }
            }
        }
        for (LpModel.BatteryGroup g : m.batteryGroups) {
            MPVariable[] c = m.charge.get(g.key());
            MPVariable[] d = m.discharge.get(g.key());
            double eta = g.members().get(0).p().dischargeEfficiency();
            for (Battery b : g.members()) {
                double share = b.p().capacityWh() / g.capacityWh();
                double[] w = new double[n];
                for (int t = 0; t < n; t++) {
                    // The model's discharge is at the cells; the setpoint is at the grid side.
                    w[t] = (LpModel.w(d[t]) * eta - LpModel.w(c[t])) * share;
                }
                sp.put(b.id(), w);
            }
        }
        for (Node node : v.nodes) {
            for (Ev e : node.evs()) {
                sp.put(e.id(), powers(m.power.get(e.id()), n));
            }
            for (Flex f : node.flex()) {
                sp.put(f.id(), powers(m.power.get(f.id()), n));
            }
        }
        boolean relaxed = m.mode == LpModel.Mode.RECOVER;
        // A relaxed plan's duals price the slacks' weights, not energy.
        boolean duals = !m.milp && !relaxed;
        double[] marginal = new double[n];
        for (int t = 0; t < n; t++) {
            marginal[t] = duals ? m.balance[t].dualValue() / dt : Double.NaN;
        }
        List<Binding> binding = bindings(v, m, duals);
        Map<Integer, List<String>> atStep = new HashMap<>();
        binding.forEach(
                b -> atStep.computeIfAbsent(b.step(), k -> new ArrayList<>()).add(b.constraint()));
        Map<String, int[]> count = new TreeMap<>();
        Map<String, double[]> maxPrice = new HashMap<>();
        for (Binding b : binding) {
            count.computeIfAbsent(b.constraint(), k -> new int[1])[0]++;
            if (!Double.isNaN(b.shadowPriceEurPerKWh())) {
                maxPrice.computeIfAbsent(b.constraint(), k -> new double[1])[0] =
                        Math.max(maxPrice.get(b.constraint())[0], b.shadowPriceEurPerKWh());
            }
        }
        List<String> summaryLines = new ArrayList<>();
        count.forEach((k, c) -> summaryLines.add(k + " at " + c[0] + (c[0] == 1 ? " step" : " steps")
                + (maxPrice.containsKey(k)
                        ? String.format(Locale.ROOT, " (shadow price up to %.4f EUR/kWh)", maxPrice.get(k)[0])
                        : "")));

        PlanEvaluator.Result r = PlanEvaluator.evaluate(v, sp);
        PlanEvaluator.Result base = PlanEvaluator.evaluate(
                v, RulePlanner.plan(v, RulePlanner.Mode.BASELINE).setpointsW());
        double cost = m.solver.objective().value() - m.penalty();
        double baseline = base.standaloneCostEur();
        Map<String, double[]> series = PlanFactory.series(r);
        series.put("connection.importW", powers(m.gridImport, n));
        series.put("connection.exportW", powers(m.gridExport, n));
        if (duals) {
            series.put("marginalPriceEurPerKWh", marginal);
        }
        List<String> givenUp = relaxed ? givenUp(v, m, sp) : List.of();
        summaryLines.addAll(0, givenUp);
        String summary = (relaxed
                        ? "infeasible: relaxed plan, the least violation (" + String.join("; ", givenUp) + "); relaxed "
                        : "")
                + String.format(
                        Locale.ROOT,
                        "%s plan (%s, %s, %d variables, %d constraints): cost %.2f EUR "
                                + "vs %.2f EUR with every member on its own (saves %.2f EUR)%s",
                        status == MPSolver.ResultStatus.OPTIMAL ? "optimal" : "feasible (time limit)",
                        m.solverName(),
                        m.milp ? "MILP" : "LP",
                        m.solver.numVariables(),
                        m.solver.numConstraints(),
                        cost,
                        baseline,
                        baseline - cost,
                        summaryLines.size() == givenUp.size()
                                ? "; no grid or battery limit binds"
                                : "; binding: "
                                        + String.join(", ", summaryLines.subList(givenUp.size(), summaryLines.size())));
        Explanation ex = new Explanation(
                summary,
                cost,
                baseline,
                summaryLines,
                relaxed ? "RELAXED" : status == MPSolver.ResultStatus.OPTIMAL ? "OPTIMAL" : "FEASIBLE",
                binding,
                series);
        double[] value = duals ? marginal : v.importPrice;
        return PlanFactory.plan(v, NAME, clock.instant(), sp, value, t -> curtailCause(v, t, atStep), ex);
    }

    private static String curtailCause(ScenarioView v, int t, Map<Integer, List<String>> atStep) {
        for (String c : atStep.getOrDefault(t, List.of())) {
            if (c.endsWith("export limit") || c.contains("rating")) {
                return "keeps " + c + " (step " + t + ")";
            }
        }
        if (v.exportPrice[t] < 0) {
            return "the export price is negative (step " + t + ")";
        }
        return "nobody in the community can use the energy (step " + t + ")";
    }

    private static double[] powers(MPVariable[] x, int n) {
        double[] w = new double[n];
        for (int t = 0; t < n; t++) {
            w[t] = LpModel.w(x[t]);
        }
        return w;
    }

    private static List<Binding> bindings(ScenarioView v, LpModel m, boolean duals) {
        List<Binding> out = new ArrayList<>();
        double dt = v.dtHours;
        int n = v.steps;
        for (FeederLimits f : v.feeders.values()) {
            MPVariable[] x = m.feeder.get(f.id());
            for (int t = 0; t < n; t++) {
                bound(
                        out,
                        t,
                        x[t],
                        "feeder " + f.id() + " import limit",
                        "feeder " + f.id() + " export limit",
                        duals,
                        dt);
            }
        }
        m.transformer.forEach((id, x) -> {
            for (int t = 0; t < n; t++) {
                bound(out, t, x[t], "transformer " + id + " rating", "transformer " + id + " rating", duals, dt);
            }
        });
        for (int t = 0; t < n; t++) {
            bound(out, t, m.gridImport[t], "community connection import limit", null, duals, dt);
            bound(out, t, m.gridExport[t], "community connection export limit", null, duals, dt);
        }
        for (LpModel.BatteryGroup g : m.batteryGroups) {
            MPVariable[] s = m.soc.get(g.key());
            String id = g.label();
            for (int t = 0; t < n; t++) {
                bound(
                        out,
                        t,
                        s[t],
                        "battery " + id + " full",
                        t == n - 1 ? "battery " + id + " terminal state of charge" : "battery " + id + " empty",
                        duals,
                        dt);
            }
        }
        if (m.peak != null && m.peak.solutionValue() > 1e-6) {
            for (int t = 0; t < n; t++) {
                double slack = m.peak.solutionValue() - m.gridImport[t].solutionValue();
                if (Math.abs(slack) <= 1e-6 * Math.max(1, m.peak.solutionValue())) {
                    out.add(new Binding(
                            t, "peak demand", duals ? Math.abs(m.peakRows[t].dualValue()) / dt : Double.NaN));
                }
            }
        }
        return out;
    }

    /** Records a variable at its upper (or lower) bound; infinite bounds never bind. */
    private static void bound(
            List<Binding> out, int t, MPVariable x, String upper, String lower, boolean duals, double dt) {
        double val = x.solutionValue();
        double price = duals ? Math.abs(x.reducedCost()) / dt : Double.NaN;
        double ub = x.ub();
        double lb = x.lb();
        if (upper != null && ub < 1e20 && Math.abs(val - ub) <= 1e-6 * Math.max(1, Math.abs(ub))) {
            out.add(new Binding(t, upper, price));
        } else if (lower != null && lb > -1e20 && Math.abs(val - lb) <= 1e-6 * Math.max(1, Math.abs(lb))) {
            out.add(new Binding(t, lower, price));
        }
    }
}
