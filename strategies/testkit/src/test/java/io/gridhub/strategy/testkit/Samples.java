package io.gridhub.strategy.testkit;

import io.gridhub.api.allocation.AllocationRequest;
import io.gridhub.api.allocation.AllocationResult;
import io.gridhub.api.allocation.Allocator;
import io.gridhub.api.dispatch.Dispatcher;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.forecast.Forecast;
import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.api.forecast.Forecaster;
import io.gridhub.api.model.AllocationLine;
import io.gridhub.api.model.Explanation;
import io.gridhub.api.model.MeterInterval;
import io.gridhub.api.model.Plan;
import io.gridhub.api.model.TimeSeries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The smallest strategies that keep the contracts: the kit's tests run them, and break them on purpose. */
final class Samples {
    private Samples() {}

    /** Forecasts the mean of the history's known values (0 without any) for every step. */
    static class MeanForecaster implements Forecaster {
        @Override
        public String name() {
            return "mean";
        }

        @Override
        public String version() {
            return "1.0.0";
        }

        @Override
        public Forecast forecast(ForecastRequest r) {
            double sum = 0;
            int n = 0;
            for (double v : r.history().values()) {
                if (Double.isFinite(v)) {
                    sum += v;
                    n++;
                }
            }
            double[] out = new double[r.steps()];
            Arrays.fill(out, n == 0 ? 0 : sum / n);
            return new Forecast(
                    name(), null, new TimeSeries(r.issueTime(), r.history().step(), "W", r.issueTime(), out), null);
        }
    }

    /** Leaves every asset alone: a plan without setpoints. */
    static class IdleDispatcher implements Dispatcher {
        @Override
        public String name() {
            return "idle";
        }

        @Override
        public String version() {
            return "1.0.0";
        }

        @Override
        public Plan plan(Scenario s) {
            return new Plan(
                    s.id(),
                    name(),
                    s.start(),
                    s.start(),
                    s.step(),
                    s.steps(),
                    List.of(),
                    new Explanation("idle", 0, 0, List.of()));
        }
    }

    /** The dynamic key: in each interval a_i = c_i·min(1, G/C), at the members' participation factors. */
    static class DynamicAllocator implements Allocator {
        @Override
        public String name() {
            return "dynamic";
        }

        @Override
        public String version() {
            return "1.0.0";
        }

        @Override
        public AllocationResult allocate(AllocationRequest r) {
            Map<Instant, List<MeterInterval>> byStart = new TreeMap<>();
            r.meters()
                    .forEach(m -> byStart.computeIfAbsent(m.start(), k -> new ArrayList<>())
                            .add(m));
            List<AllocationLine> lines = new ArrayList<>();
            byStart.forEach((t, ms) -> {
                Map<String, Double> c = new HashMap<>();
                double g = 0;
                for (MeterInterval m : ms) {
                    double f = r.rules().factorOf(m.memberId());
                    c.put(m.memberId(), f * m.consumptionWh());
                    g += f * m.generationWh();
                }
                double total =
                        c.values().stream().mapToDouble(Double::doubleValue).sum();
                double ratio = total == 0 ? 0 : Math.min(1, g / total);
                for (MeterInterval m : ms) {
                    double a = c.get(m.memberId()) * ratio;
                    double eur = a / 1000 * (r.prices().importAt(t) - r.prices().exportAt(t));
                    lines.add(new AllocationLine(t, m.length(), m.memberId(), a, eur, r.policy(), "dynamic"));
                }
            });
            return new AllocationResult(name() + "@" + version(), r.policy(), lines);
        }
    }
}
