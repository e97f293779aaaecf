package io.gridhub.api.strategy;

import static io.gridhub.api.strategy.Problems.num;
import static io.gridhub.api.strategy.Problems.step;

import io.gridhub.api.allocation.AllocationRequest;
import io.gridhub.api.allocation.AllocationResult;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.forecast.Forecast;
import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.api.model.Plan;
import io.gridhub.api.model.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * What every strategy's output must be, whatever the strategy: the checks the hub's guard rails run on each
 * forecast, plan and allocation before it is used (an output with problems is invalid, and its strategy is
 * quarantined), and the checks the strategy test kit runs on a vendor's strategy. Each method returns the problems
 * it finds, each one sentence naming the step, asset or member and the value; empty means valid. Repeated problems
 * of one kind are listed five times and then counted.
 */
public final class OutputChecks {
    /** Quantiles may cross by this much (relative to the P50's size, at least this absolute): rounding. */
    static final double QUANTILE_TOLERANCE = 1e-9;

    private OutputChecks() {}

    /**
     * A forecast for a request: {@link ForecastRequest#steps()} values of the history's step starting at the issue
     * time, in each quantile; every value finite; P10 ≤ P50 ≤ P90 at every step.
     */
    public static List<String> forecast(ForecastRequest request, Forecast forecast) {
        Objects.requireNonNull(request, "request");
        return checked(forecast, "no forecast", "no forecast", (f, p) -> forecast(request, f, p));
    }

    private static void forecast(ForecastRequest request, Forecast forecast, Problems p) {
        Instant start = request.issueTime();
        Duration stepLength = request.history().step();
        int steps = request.steps();
        quantile(p, "P50", forecast.p50(), start, stepLength, steps);
        if (forecast.p10() != forecast.p50()) {
            quantile(p, "P10", forecast.p10(), start, stepLength, steps);
        }
        if (forecast.p90() != forecast.p50()) {
            quantile(p, "P90", forecast.p90(), start, stepLength, steps);
        }
        int n = Math.min(forecast.p50().size(), steps);
        for (int i = 0; i < n; i++) {
            double p10 = forecast.p10().value(i);
            double p50 = forecast.p50().value(i);
            double p90 = forecast.p90().value(i);
            double tol = QUANTILE_TOLERANCE * Math.max(1, Math.abs(p50));
            Instant at = forecast.p50().timeAt(i);
            if (p10 > p50 + tol) {
                p.add("P10 above P50", "P10 " + num(p10) + " above P50 " + num(p50) + " at " + step(i, at));
            }
            if (p50 > p90 + tol) {
                p.add("P50 above P90", "P50 " + num(p50) + " above P90 " + num(p90) + " at " + step(i, at));
            }
        }
    }

    /**
     * A plan for a scenario: it starts at the scenario's start with its step and covers its steps; every setpoint is
     * finite, on an asset of the community that takes setpoints, within the asset's rating and its parameters
     * (battery charge and discharge limits, EV session and flexible-load window and power), never negative on an
     * asset that only consumes; a battery's state of charge (the plan's {@code soc.<asset>.Wh} series, else played
     * from its parameters) is not pushed beyond its bounds; and no feeder, transformer or the community's connection
     * is taken beyond its limit further than the scenario's forecasts take it without the plan.
     */
    public static List<String> plan(Scenario scenario, Plan plan) {
        Objects.requireNonNull(scenario, "scenario");
        return checked(plan, "no plan", "no plan", (o, p) -> new PlanCheck(scenario, o, p).run());
    }

    /**
     * An allocation for a request: one line per metered member and interval (no member missing, none unknown, none
     * twice); every energy and value finite; no negative allocated energy; in every interval the members together
     * are allocated no more than the community's shared energy (generation and consumption, at the members'
     * participation factors) and no member more than it consumed; each member's savings share, where given, is the
     * sum of its lines' values.
     */
    public static List<String> allocation(AllocationRequest request, AllocationResult result) {
        Objects.requireNonNull(request, "request");
        return checked(result, "no result", "no allocation", (o, p) -> new AllocationCheck(request, o, p).run());
    }

    /** The problems {@code checks} finds in a strategy's output; the one problem {@code what} when it is null. */
    private static <T> List<String> checked(T output, String kind, String what, BiConsumer<T, Problems> checks) {
        Problems p = new Problems();
        if (output == null) {
            p.add(kind, what + ": the strategy returned null");
        } else {
            checks.accept(output, p);
        }
        return p.list();
    }

    private static void quantile(Problems p, String name, TimeSeries ts, Instant start, Duration step, int steps) {
        if (ts.size() != steps) {
            p.add(name + " length", name + " has " + ts.size() + " values, the request asks for " + steps);
        }
        if (!ts.start().equals(start)) {
            p.add(name + " start", name + " starts at " + ts.start() + ", not at the issue time " + start);
        }
        if (!ts.step().equals(step)) {
            p.add(name + " step", name + " has step " + ts.step() + ", not the history's " + step);
        }
        for (int i = 0; i < ts.size(); i++) {
            double v = ts.value(i);
            if (!Double.isFinite(v)) {
                p.add(name + " not finite", name + " is " + num(v) + " at " + step(i, ts.timeAt(i)));
            }
        }
    }
}
