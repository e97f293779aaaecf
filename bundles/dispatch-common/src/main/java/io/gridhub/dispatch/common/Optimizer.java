package io.gridhub.dispatch.common;

import io.gridhub.api.dispatch.Dispatcher;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.model.Plan;
import java.util.ServiceLoader;

/**
 * A dispatch strategy that solves a model, seen from outside OSGi (the CLI, the benchmarks): found by name with
 * {@link ServiceLoader} (the strategy's jar lists its class in {@code META-INF/services}), so that no caller reaches
 * into a strategy's internal package. In the hub the strategy is a plain {@link Dispatcher} service.
 */
public interface Optimizer extends Dispatcher {
    /**
     * A plan and what made it. {@code objective}: the optimum of the model solved (EUR, no constant terms), null
     * for a fallback plan; {@code mps}: the model solved, when asked for.
     */
    record Outcome(
            Plan plan,
            Double objective,
            String mps,
            String solver,
            int variables,
            int constraints,
            long buildMillis,
            long solveMillis) {}

    /** Optimizes a scenario; with {@code exportModel} the outcome carries the model solved in MPS. */
    Outcome optimize(Scenario scenario, boolean exportModel);

    /**
     * The same optimizer with another backend for pure LPs (e.g. {@code HIGHS_LP}, {@code CLP}) and with or without
     * merging interchangeable PV and batteries into one variable each: benchmarks compare them.
     */
    Optimizer variant(String lpSolver, boolean aggregate);

    /** The optimizer of that strategy name on the class path. */
    static Optimizer load(String name) {
        for (Optimizer o : ServiceLoader.load(Optimizer.class, Optimizer.class.getClassLoader())) {
            if (o.name().equals(name)) {
                return o;
            }
        }
        throw new IllegalStateException("no optimizer named " + name + " on the class path");
    }
}
