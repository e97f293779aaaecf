package io.gridhub.cli.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gridhub.api.model.AssetSchedule;
import io.gridhub.api.model.Binding;
import io.gridhub.api.model.Explanation;
import io.gridhub.api.model.Plan;
import io.gridhub.dispatch.common.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a plan as JSON. {@code objective} comes first: the optimum of exactly the model solved (and exported),
 * in EUR; it has no constant terms, so it equals {@code totalCostEur}. A fallback plan has no objective (null).
 */
public final class PlanWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PlanWriter() {}

    public static Map<String, Object> json(Optimizer.Outcome o) {
        Plan p = o.plan();
        Explanation e = p.explanation();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("objective", o.objective());
        m.put("totalCostEur", e.costEur());
        m.put("baselineCostEur", e.baselineCostEur());
        m.put("savingsEur", e.savingsEur());
        m.put("status", e.status());
        m.put("summary", e.summary());
        m.put("strategy", p.strategy());
        m.put("solver", o.solver());
        m.put("variables", o.variables());
        m.put("constraints", o.constraints());
        m.put("buildMillis", o.buildMillis());
        m.put("solveMillis", o.solveMillis());
        m.put("planId", p.id());
        m.put("issueTime", p.issueTime().toString());
        m.put("start", p.start().toString());
        m.put("stepMinutes", p.step().toMinutes());
        m.put("steps", p.steps());
        m.put("units", Map.of("power", "W", "energy", "Wh", "price", "EUR/kWh", "cost", "EUR"));
        List<Map<String, Object>> schedules = new ArrayList<>();
        for (AssetSchedule s : p.schedules()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("assetId", s.assetId());
            x.put("point", s.setpoint() == null ? null : s.setpoint().value());
            x.put("reason", s.reason());
            x.put("setpointsW", round(s.setpointsW()));
            schedules.add(x);
        }
        m.put("schedules", schedules);
        m.put("bindingConstraints", e.bindingConstraints());
        List<Map<String, Object>> binding = new ArrayList<>();
        for (Binding b : e.binding()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("step", b.step());
            x.put("constraint", b.constraint());
            x.put("shadowPriceEurPerKWh", Double.isNaN(b.shadowPriceEurPerKWh()) ? null : b.shadowPriceEurPerKWh());
            binding.add(x);
        }
        m.put("binding", binding);
        Map<String, Object> series = new LinkedHashMap<>();
        e.series().forEach((k, v) -> series.put(k, round(v)));
        m.put("series", series);
        return m;
    }

    public static void write(Optimizer.Outcome o, Path file) throws IOException {
        MAPPER.writeValue(file.toFile(), json(o));
    }

    /** Setpoints to the mW: solver noise below that says nothing. NaN (unknown) becomes null. */
    private static List<Double> round(double[] v) {
        List<Double> out = new ArrayList<>(v.length);
        for (double x : v) {
            out.add(Double.isNaN(x) ? null : Math.round(x * 1000) / 1000.0 + 0.0);
        }
        return out;
    }
}
