package io.gridhub.dispatch.common;

import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.model.AssetSchedule;
import io.gridhub.api.model.Plan;
import io.gridhub.api.model.TimeSeries;
import io.gridhub.dispatch.common.ScenarioView.Node;
import io.gridhub.dispatch.common.ScenarioView.Pv;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plan judged on what really happened: the scenario's first steps with the measured load and PV in place of their
 * forecasts, the prices the plan was made with, and the plan's setpoints played through it by {@link PlanEvaluator}.
 * The loop compares a strategy in shadow with the active one this way; a backtest could do the same.
 */
public final class Hindsight {
    private Hindsight() {}

    /**
     * A scenario cut to what was measured.
     *
     * @param scenario    the first steps of the original, each forecast replaced by the measurements
     * @param measured    values taken from the measurements
     * @param substituted values not measured (NaN or missing), for which the forecast was kept
     */
    public record Actual(Scenario scenario, int measured, int substituted) {}

    /**
     * What a plan's setpoints came to on an actual scenario.
     *
     * @param costEur  energy at the community's connection plus battery wear over the steps, at the scenario's prices
     *                 (the peak charge is left out: it is the highest import of a billing period, not of a few steps)
     * @param breaches each step and limit broken: a feeder's, a transformer's, the connection's limit or a battery's
     *                 state-of-charge bounds (not what a plan owes by the end of its horizon: a cut plan cannot)
     * @param steps    the steps evaluated
     */
    public record Outcome(double costEur, List<PlanEvaluator.Violation> breaches, int steps) {}

    /**
     * The first {@code steps} steps of a scenario with measured values in place of its forecasts: {@code measuredW}
     * per asset, one value per step from the scenario's start (+ consumption for loads, + generation for PV, as the
     * forecasts); an asset without measurements, or a NaN, keeps its forecast there.
     */
    public static Actual actual(Scenario sc, Map<String, double[]> measuredW, int steps) {
        if (steps <= 0 || steps > sc.steps()) {
            throw new IllegalArgumentException("steps must be 1 to " + sc.steps() + ", got " + steps);
        }
        Scenario cut = withForecasts(sc, sc.forecasts(), steps);
        Map<String, TimeSeries> forecasts = new LinkedHashMap<>();
        int measured = 0;
        int substituted = 0;
        for (Map.Entry<String, TimeSeries> e : sc.forecasts().entrySet()) {
            double[] v = ScenarioView.cut(cut, e.getValue(), "forecast of " + e.getKey());
            double[] m = measuredW.get(e.getKey());
            for (int t = 0; t < steps; t++) {
                if (m != null && t < m.length && Double.isFinite(m[t])) {
                    v[t] = m[t];
                    measured++;
                } else {
                    substituted++;
                }
            }
            TimeSeries f = e.getValue();
            forecasts.put(e.getKey(), new TimeSeries(sc.start(), sc.step(), f.unit(), f.issueTime(), v));
        }
        return new Actual(withForecasts(sc, forecasts, steps), measured, substituted);
    }

    private static Scenario withForecasts(Scenario sc, Map<String, TimeSeries> forecasts, int steps) {
        return new Scenario(
                sc.id(),
                sc.community(),
                sc.start(),
                sc.step(),
                steps,
                forecasts,
                sc.importPrice(),
                sc.exportPrice(),
                sc.parameters(),
                sc.sharedAssetFeeders(),
                sc.policy());
    }

    /**
     * The plan's first steps (as many as the actual scenario has) played through it. A PV limit above what the plant
     * delivered curtails nothing: PV counts at the lower of its limit and its measured output.
     */
    public static Outcome evaluate(Scenario actual, Plan plan) {
        if (!plan.start().equals(actual.start()) || !plan.step().equals(actual.step())) {
            throw new IllegalArgumentException("plan " + plan.id() + " is not on the scenario's grid");
        }
        ScenarioView v = new ScenarioView(actual);
        Map<String, double[]> pvW = new HashMap<>();
        for (Node n : v.nodes) {
            for (Pv pv : n.pv()) {
                pvW.put(pv.id(), pv.forecastW());
            }
        }
        Map<String, double[]> sp = new HashMap<>();
        for (AssetSchedule s : plan.schedules()) {
            double[] x = Arrays.copyOf(s.setpointsW(), v.steps);
            double[] pv = pvW.get(s.assetId());
            for (int t = 0; t < x.length && pv != null; t++) {
                x[t] = Math.min(x[t], pv[t]);
            }
            sp.put(s.assetId(), x);
        }
        PlanEvaluator.Result r = PlanEvaluator.evaluate(v, sp);
        List<PlanEvaluator.Violation> breaches = new ArrayList<>();
        r.violations().stream().filter(x -> x.kind().limit()).forEach(breaches::add);
        return new Outcome(r.energyEur() + r.degradationEur(), breaches, v.steps);
    }
}
