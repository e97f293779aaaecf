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
                    out.add(new AssetSchedule(
                            p.id(),
                            PointId.of(c + "." + p.id() + ".p_limit"),
                            sp.get(p.id()),
                            Reasons.pv(p, sp.get(p.id()), dt, curtailCause)));
                }
            }
            for (Battery b : node.batteries()) {
                out.add(new AssetSchedule(
                        b.id(),
                        PointId.of(c + "." + b.id() + ".p_set"),
                        sp.get(b.id()),
                        Reasons.battery(sp.get(b.id()), dt, value)));
            }
            for (Ev e : node.evs()) {
                out.add(new AssetSchedule(
                        e.id(),
                        PointId.of(c + "." + e.id() + ".p_set"),
                        sp.get(e.id()),
                        Reasons.ev(e, sp.get(e.id()), dt, value)));
            }
            for (Flex f : node.flex()) {
                out.add(new AssetSchedule(
                        f.id(),
                        PointId.of(c + "." + f.id() + ".p_set"),
                        sp.get(f.id()),
                        Reasons.flex(f, sp.get(f.id()), dt, value)));
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
