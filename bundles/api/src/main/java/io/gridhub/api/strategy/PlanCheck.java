package io.gridhub.api.strategy;

import static io.gridhub.api.strategy.Problems.num;
import static io.gridhub.api.strategy.Problems.percent;
import static io.gridhub.api.strategy.Problems.step;

import io.gridhub.api.dispatch.AssetParameters;
import io.gridhub.api.dispatch.BatteryParameters;
import io.gridhub.api.dispatch.EvParameters;
import io.gridhub.api.dispatch.FlexibleLoadParameters;
import io.gridhub.api.dispatch.PvParameters;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.AssetSchedule;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Direction;
import io.gridhub.api.model.Feeder;
import io.gridhub.api.model.Plan;
import io.gridhub.api.model.TimeSeries;
import io.gridhub.api.model.Transformer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link OutputChecks#plan}: a plan's setpoints against the scenario's assets, parameters and grid limits. Flows are
 * import-positive (+ = drawn from the grid): loads and heat pumps at their forecast unless the plan sets them, PV at
 * its forecast (or its planned limit, if lower), batteries, EV chargers and flexible loads at their setpoints (0
 * without). A limit counts as broken only where the plan takes the flow further beyond it than the forecasts alone
 * do: a feeder that is overloaded whatever the plan does is the scenario's problem, not the strategy's.
 */
final class PlanCheck {
    /**
     * Tolerance on powers, in W, and as a fraction of the limit: a solver's feasibility tolerance and rounded inputs
     * leave a plan a few hundredths of a watt to a few watts beyond a limit it respects (lp-optimizer was 0.04 W over
     * a 14.7 kW feeder limit in the demo); nothing a device or a fuse could tell apart.
     */
    static final double TOLERANCE_W = 1;

    static final double TOLERANCE_RELATIVE = 1e-4;
    /** Tolerance on a battery's energy, as a fraction of its capacity (at least 1 Wh). */
    static final double TOLERANCE_SOC = 1e-4;

    private final Scenario sc;
    private final Plan plan;
    private final Problems p;
    private final Map<String, Asset> assets = new LinkedHashMap<>();
    /** The feeder each asset hangs off; absent (null) = at the community's connection. */
    private final Map<String, String> feederOf = new HashMap<>();

    private final Map<String, AssetParameters> params = new HashMap<>();
    private final int steps;

    PlanCheck(Scenario scenario, Plan plan, Problems problems) {
        this.sc = scenario;
        this.plan = plan;
        this.p = problems;
        for (Community.Placement at : scenario.community().placements()) {
            String id = at.asset().id();
            assets.put(id, at.asset());
            feederOf.put(
                    id,
                    at.site() == null
                            ? scenario.sharedAssetFeeders().get(id)
                            : at.site().feederId());
        }
        scenario.parameters().forEach(x -> params.put(x.assetId(), x));
        this.steps = Math.min(plan.steps(), scenario.steps());
    }

    void run() {
        if (!plan.start().equals(sc.start()) || !plan.step().equals(sc.step())) {
            p.add(
                    "plan grid",
                    "the plan starts at " + plan.start() + " with step " + plan.step() + ", the scenario at "
                            + sc.start() + " with step " + sc.step());
            return;
        }
        if (plan.steps() < sc.steps()) {
            p.add("plan steps", "the plan has " + plan.steps() + " steps, the scenario " + sc.steps());
        }
        Map<String, double[]> setpoints = new LinkedHashMap<>();
        for (AssetSchedule s : plan.schedules()) {
            Asset a = assets.get(s.assetId());
            if (a == null) {
                p.add("unknown asset", "the plan sets asset " + s.assetId() + ", which the community does not have");
            } else if (setpoints.containsKey(a.id())) {
                p.add("asset twice", "the plan sets asset " + a.id() + " twice");
            } else if (a.kind() == AssetKind.METER || a.kind() == AssetKind.WEATHER_STATION) {
                p.add("not controllable", "the plan sets asset " + a.id() + ", a " + a.kind() + ": it takes none");
            } else {
                double[] x = s.setpointsW();
                setpoints.put(a.id(), x);
                setpoints(a, x);
            }
        }
        for (Asset a : assets.values()) {
            if (a.kind() == AssetKind.BATTERY) {
                battery(a, setpoints.get(a.id()));
            }
        }
        grid(setpoints);
    }

    private void setpoints(Asset a, double[] x) {
        String what = a.kind() + " " + a.id();
        AssetParameters ap = params.get(a.id());
        boolean consumes = a.kind().powerDirection() == Direction.CONSUMPTION_POSITIVE;
        for (int t = 0; t < steps; t++) {
            double v = x[t];
            String at = " at " + step(t, sc.timeAt(t));
            if (!Double.isFinite(v)) {
                p.add("setpoint not finite", what + ": setpoint " + num(v) + " W" + at);
                continue;
            }
            if ((consumes || a.kind() == AssetKind.PV) && v < -tolerance(0)) {
                p.add("negative setpoint", what + " cannot deliver: setpoint " + num(v) + " W" + at);
            }
            if (a.ratedPowerW() > 0 && Math.abs(v) > a.ratedPowerW() + tolerance(a.ratedPowerW())) {
                p.add(
                        "beyond rating",
                        what + ": setpoint " + num(v) + " W" + at + " beyond its rating " + num(a.ratedPowerW())
                                + " W");
            }
            if (ap instanceof BatteryParameters b) {
                above(what + " discharges", v, b.maxDischargeW(), at, "its discharge limit");
                above(what + " charges", -v, b.maxChargeW(), at, "its charge limit");
            } else if (ap instanceof EvParameters ev) {
                above(what + " charges", v, ev.maxPowerW(), at, "its session's maximum");
                outside(what + " charges", v, t, ev.arrival(), ev.departure(), "its session");
            } else if (ap instanceof FlexibleLoadParameters f) {
                above(what + " draws", v, f.maxPowerW(), at, "its maximum");
                outside(what + " draws", v, t, f.windowStart(), f.windowEnd(), "its window");
            } else if (ap instanceof PvParameters pv && !pv.curtailable()) {
                double fc = forecast(a.id(), t);
                if (v < fc - tolerance(fc)) {
                    p.add(
                            "PV curtailed",
                            what + " is not curtailable but is limited to " + num(v) + " W" + at + ", below its "
                                    + "forecast " + num(fc) + " W");
                }
            }
        }
    }

    private void above(String what, double v, double limit, String at, String which) {
        if (v > limit + tolerance(limit)) {
            p.add(what + " beyond", what + " " + num(v) + " W" + at + ", beyond " + which + " " + num(limit) + " W");
        }
    }

    private void outside(String what, double v, int t, Instant from, Instant to, String which) {
        Instant start = sc.timeAt(t);
        boolean inside = !start.isBefore(from) && !sc.timeAt(t + 1).isAfter(to);
        if (!inside && v > tolerance(0)) {
            p.add(
                    what + " outside",
                    what + " " + num(v) + " W at " + step(t, start) + ", outside " + which + " [" + from + ", " + to
                            + ")");
        }
    }

    /**
     * The battery's state of charge at the end of each step, the plan's own series if it carries one, else played
     * from its parameters (typical ones for a battery known only by its ratings). A step is a problem only where it
     * moves the state of charge further beyond a bound: a battery that starts below its minimum may still charge.
     */
    private void battery(Asset a, double[] x) {
        BatteryParameters b = params.get(a.id()) instanceof BatteryParameters bp
                ? bp
                : a.energyCapacityWh() > 0
                        ? BatteryParameters.typical(a.id(), a.ratedPowerW(), a.energyCapacityWh())
                        : null;
        if (b == null) {
            return;
        }
        double cap = b.capacityWh();
        double[] carried = plan.explanation().series().get("soc." + a.id() + ".Wh");
        boolean own = carried != null && carried.length >= steps;
        double tol = Math.max(1, TOLERANCE_SOC * cap);
        double min = b.socMin() * cap;
        double max = b.socMax() * cap;
        double prev = b.socInitial() * cap;
        double e = prev;
        for (int t = 0; t < steps; t++) {
            double v = x == null || !Double.isFinite(x[t]) ? 0 : x[t];
            e += v < 0 ? -v * b.chargeEfficiency() * sc.stepHours() : -v / b.dischargeEfficiency() * sc.stepHours();
            double now = own ? carried[t] : e;
            String where = "BATTERY " + a.id() + (own ? " (the plan's state of charge)" : "") + " at "
                    + percent(now / cap) + " after " + step(t, sc.timeAt(t)) + " with setpoint " + num(v) + " W";
            if (!Double.isFinite(now)) {
                p.add(
                        "state of charge not finite",
                        "BATTERY " + a.id() + ": state of charge " + num(now) + " Wh" + " after "
                                + step(t, sc.timeAt(t)));
            } else if (now < min - tol && now < prev - tol) {
                p.add("below minimum state of charge", where + ", below its minimum " + percent(b.socMin()));
            } else if (now > max + tol && now > prev + tol) {
                p.add("above maximum state of charge", where + ", above its maximum " + percent(b.socMax()));
            }
            prev = Double.isFinite(now) ? now : prev;
        }
    }

    /** Flows per feeder, transformer and at the connection, with and without the plan, against their limits. */
    private void grid(Map<String, double[]> setpoints) {
        Map<String, double[]> withPlan = new LinkedHashMap<>();
        Map<String, double[]> without = new LinkedHashMap<>();
        Map<String, String> transformerOf = new HashMap<>();
        sc.community().feeders().forEach(f -> transformerOf.put(f.id(), f.transformerId()));
        String connection = "community connection";
        for (Asset a : assets.values()) {
            double[] x = setpoints.get(a.id());
            String feeder = feederOf.get(a.id());
            String transformer = feeder == null ? null : transformerOf.get(feeder);
            for (int t = 0; t < steps; t++) {
                double planned = flow(a, x, t);
                double free = flow(a, null, t);
                for (String node : new String[] {connection, feeder, transformer}) {
                    if (node != null) {
                        withPlan.computeIfAbsent(node, k -> new double[steps])[t] += planned;
                        without.computeIfAbsent(node, k -> new double[steps])[t] += free;
                    }
                }
            }
        }
        for (Feeder f : sc.community().feeders()) {
            limits("feeder " + f.id(), withPlan.get(f.id()), without.get(f.id()), f.importLimitW(), f.exportLimitW());
        }
        for (Transformer tr : sc.community().transformers()) {
            double r = tr.ratedApparentPowerVA();
            limits("transformer " + tr.id(), withPlan.get(tr.id()), without.get(tr.id()), r, r);
        }
        limits(
                connection,
                withPlan.get(connection),
                without.get(connection),
                sc.policy().connectionImportLimitW(),
                sc.policy().connectionExportLimitW());
    }

    private void limits(String what, double[] planned, double[] free, double importLimit, double exportLimit) {
        if (planned == null) {
            return;
        }
        for (int t = 0; t < steps; t++) {
            double w = planned[t];
            double excess = Math.max(w - importLimit, -w - exportLimit);
            double before = Math.max(free[t] - importLimit, -free[t] - exportLimit);
            double limit = w >= 0 ? importLimit : exportLimit;
            if (excess > tolerance(limit) && excess > before + tolerance(limit)) {
                p.add(
                        what + " limit",
                        what + " " + (w >= 0 ? "imports " : "exports ") + num(Math.abs(w)) + " W at "
                                + step(t, sc.timeAt(t)) + ", beyond its limit " + num(limit) + " W (the forecasts "
                                + "without the plan: " + num(free[t]) + " W)");
            }
        }
    }

    /** What an asset draws from the grid at step t (W, + = import), with its setpoints x (null: none). */
    private double flow(Asset a, double[] x, int t) {
        double v = x == null || !Double.isFinite(x[t]) ? 0 : x[t];
        AssetParameters ap = params.get(a.id());
        return switch (a.kind()) {
            case BATTERY -> -v;
            case PV -> -(x == null ? forecast(a.id(), t) : Math.max(0, Math.min(v, forecast(a.id(), t))));
            case LOAD, HEAT_PUMP -> x == null ? forecast(a.id(), t) : v;
            case FLEXIBLE_LOAD -> x != null ? v : ap == null ? forecast(a.id(), t) : 0;
            case EV_CHARGER -> v;
            default -> 0;
        };
    }

    /** The asset's forecast for step t of the scenario, 0 where there is none. */
    private double forecast(String assetId, int t) {
        TimeSeries ts = sc.forecasts().get(assetId);
        if (ts == null) {
            return 0;
        }
        Duration off = Duration.between(ts.start(), sc.timeAt(t));
        if (off.isNegative()) {
            return 0;
        }
        long i = off.toNanos() / ts.step().toNanos();
        double v = i < ts.size() ? ts.value((int) i) : 0;
        return Double.isFinite(v) ? v : 0;
    }

    private static double tolerance(double limit) {
        return Double.isFinite(limit) ? Math.max(TOLERANCE_W, TOLERANCE_RELATIVE * limit) : TOLERANCE_W;
    }
}
