package io.gridhub.dispatch.common;

import io.gridhub.api.model.AssetSchedule;
import io.gridhub.api.model.Explanation;
import io.gridhub.api.model.Plan;
import io.gridhub.api.model.PointId;
import io.gridhub.dispatch.common.ScenarioView.Battery;
import io.gridhub.dispatch.common.ScenarioView.Ev;
import io.gridhub.dispatch.common.ScenarioView.Flex;
import io.gridhub.dispatch.common.ScenarioView.Node;
import io.gridhub.dispatch.common.ScenarioView.Pv;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** Turns setpoints into a {@link Plan}: one schedule per controllable asset with its reason. */
public final class PlanFactory {
    private PlanFactory() {}

    public static Plan plan(
            ScenarioView v,
            String strategy,
            Instant issueTime,
            Map<String, double[]> sp,
            double[] value,
            IntFunction<String> curtailCause,
            Explanation explanation) {
        String c = v.scenario.community().id();
        double dt = v.dtHours;
        List<AssetSchedule> out = new ArrayList<>();
        for (Node node : v.nodes) {
            for (Pv p : node.pv()) {
                if (p.curtailable()) {
                    double[] x = sp.get(p.id());
                    out.add(schedule(c, p.id(), "p_limit", x, Reasons.pv(p, x, dt, curtailCause)));
                }
            }
            for (Battery b : node.batteries()) {
                double[] x = sp.get(b.id());
                out.add(schedule(c, b.id(), "p_set", x, Reasons.battery(x, dt, value)));
            }
            for (Ev e : node.evs()) {
                double[] x = sp.get(e.id());
                out.add(schedule(c, e.id(), "p_set", x, Reasons.ev(e, x, dt, value)));
            }
            for (Flex f : node.flex()) {
                double[] x = sp.get(f.id());
                out.add(schedule(c, f.id(), "p_set", x, Reasons.flex(f, x, dt, value)));
            }
        }
        return new Plan(
                v.scenario.id() + "@" + issueTime,
                strategy,
                issueTime,
                v.scenario.start(),
                v.scenario.step(),
                v.steps,
                out,
                explanation);
    }

    /** One asset's schedule, written to its point {@code <community>.<asset>.<point>}. */
    private static AssetSchedule schedule(String community, String asset, String point, double[] x, String reason) {
        return new AssetSchedule(asset, PointId.of(community + "." + asset + "." + point), x, reason);
    }

    /** The per-step series of an evaluated plan: connection, feeders, transformers, states of charge. */
    public static Map<String, double[]> series(PlanEvaluator.Result r) {
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put("grid.W", r.gridW());
        r.feederW().forEach((k, x) -> s.put("feeder." + k + ".W", x));
        r.transformerW().forEach((k, x) -> s.put("transformer." + k + ".W", x));
        r.socWh().forEach((k, x) -> s.put("soc." + k + ".Wh", x));
        return s;
    }
}
