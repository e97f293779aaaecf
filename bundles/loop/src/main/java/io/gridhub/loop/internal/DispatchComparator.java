package io.gridhub.loop.internal;

import io.gridhub.api.dispatch.Dispatcher;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.model.AssetSchedule;
import io.gridhub.api.model.Plan;
import io.gridhub.api.model.PointId;
import io.gridhub.api.store.StoreException;
import io.gridhub.api.store.TimeSeriesStore;
import io.gridhub.api.strategy.ShadowComparator;
import io.gridhub.api.strategy.ShadowComparison;
import io.gridhub.api.strategy.ShadowFigure;
import io.gridhub.api.strategy.ShadowPoint;
import io.gridhub.api.strategy.StrategyGuard;
import io.gridhub.api.strategy.StrategyInfo;
import io.gridhub.api.strategy.StrategyRegistry;
import io.gridhub.api.strategy.StrategyRole;
import io.gridhub.dispatch.common.Hindsight;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The dispatch shadow compared with the active strategy over the shadow period (since the shadow's state began), on
 * what really happened. Each cycle's pair of plans is judged over the steps its plan was in force: from the plan's
 * start to the next cycle's plan's start (or the last completed step); so every completed step of the period counts
 * once. On those steps the measured load and PV (the store's step averages of {@code <community>.<asset>.p}) replace
 * the forecasts in the cycle's scenario, with the prices the plans were made with, and both plans are played through
 * it ({@link Hindsight}). Figures:
 * <ul>
 * <li>{@code cost} (EUR): energy at the connection and battery wear, summed over the plans;</li>
 * <li>{@code violations}: steps × limits broken (feeders, transformers, the connection, batteries' state-of-charge
 * bounds) when the plans meet the actual flows;</li>
 * <li>{@code setpoint difference} per asset (kW): the mean absolute difference of the shadow's setpoint from the
 * active's over the steps (the active's value is 0: it is the reference); an asset one plan leaves out counts as 0 W
 * there.</li>
 * </ul>
 * Its points (the newest {@link #POINTS}) are the setpoints behind the last figure: per asset and step the active's
 * and the shadow's setpoint and, as actual, what the asset was measured doing (W; NaN when nothing was measured).
 */
final class DispatchComparator implements ShadowComparator {
    /** At most this many points, the newest. */
    static final int POINTS = 20_000;

    private final StrategyRegistry strategies;
    private final ShadowPlans plans;
    private final Supplier<TimeSeriesStore> store;
    private final Clock clock;

    DispatchComparator(StrategyRegistry strategies, ShadowPlans plans, Supplier<TimeSeriesStore> store, Clock clock) {
        this.strategies = strategies;
        this.plans = plans;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public StrategyRole role() {
        return StrategyRole.DISPATCH;
    }

    /** Running sums over the period. */
    private static final class Sums {
        double activeCost;
        double shadowCost;
        int activeBreaches;
        int shadowBreaches;
        int steps;
        int measured;
        int substituted;
        final Map<String, double[]> difference = new TreeMap<>();
        final TreeSet<String> activeLabels = new TreeSet<>();
        final List<String> problems = new ArrayList<>();
        final ArrayDeque<ShadowPoint> points = new ArrayDeque<>();
        Instant to;
    }

    @Override
    public Optional<ShadowComparison> compare() {
        Optional<StrategyInfo> info = StrategyGuard.inShadow(strategies, StrategyRole.DISPATCH);
        if (info.isEmpty()) {
            return Optional.empty();
        }
        Instant from = info.get().stateSince();
        String shadow = info.get().label();
        Map<String, List<ShadowPlans.Cycle>> byCommunity = new LinkedHashMap<>();
        int cycles = 0;
        for (ShadowPlans.Cycle c : plans.cycles()) {
            if (label(c.shadow()).equals(shadow) && !c.at().isBefore(from)) {
                byCommunity
                        .computeIfAbsent(c.community(), k -> new ArrayList<>())
                        .add(c);
                cycles++;
            }
        }
        if (cycles == 0) {
            return Optional.empty();
        }
        Sums s = new Sums();
        s.to = from;
        Instant now = clock.instant();
        TimeSeriesStore st = store.get();
        for (List<ShadowPlans.Cycle> list : byCommunity.values()) {
            for (int i = 0; i < list.size(); i++) {
                ShadowPlans.Cycle c = list.get(i);
                s.activeLabels.add(label(c.active()));
                Instant until = i + 1 < list.size() ? list.get(i + 1).scenario().start() : now;
                judge(c, steps(c.scenario(), until, now), st, s);
            }
        }
        List<ShadowFigure> figures = new ArrayList<>();
        figures.add(new ShadowFigure("cost", "", "EUR", s.activeCost, s.shadowCost, s.steps));
        figures.add(new ShadowFigure("violations", "", "", s.activeBreaches, s.shadowBreaches, s.steps));
        s.difference.forEach((asset, sum) ->
                figures.add(new ShadowFigure("setpoint difference", asset, "kW", 0, sum[0] / sum[1], (int) sum[1])));
        String active = strategies
                .active(StrategyRole.DISPATCH, Dispatcher.class)
                .map(StrategyGuard::label)
                .orElse(s.activeLabels.isEmpty() ? "none" : s.activeLabels.last());
        List<ShadowPoint> points = new ArrayList<>(s.points);
        points.sort(Comparator.comparing(ShadowPoint::time).thenComparing(ShadowPoint::subject));
        return Optional.of(new ShadowComparison(
                StrategyRole.DISPATCH, active, shadow, from, s.to, cycles, figures, note(s), points));
    }

    /** How many steps of a cycle's plan were in force and are over: up to {@code until} and the last full step. */
    static int steps(Scenario sc, Instant until, Instant now) {
        long step = sc.step().toMillis();
        long end = Math.min(until.toEpochMilli(), now.toEpochMilli());
        long n = Math.floorDiv(end - sc.start().toEpochMilli(), step);
        return (int) Math.max(0, Math.min(sc.steps(), n));
    }

    private void judge(ShadowPlans.Cycle c, int steps, TimeSeriesStore st, Sums s) {
        if (steps == 0) {
            return;
        }
        Scenario sc = c.scenario();
        Map<String, double[]> x = setpoints(c.active());
        Map<String, double[]> y = setpoints(c.shadow());
        TreeSet<String> assets = new TreeSet<>(x.keySet());
        assets.addAll(y.keySet());
        Map<String, double[]> measured = new HashMap<>();
        if (st != null) {
            TreeSet<String> read = new TreeSet<>(sc.forecasts().keySet());
            read.addAll(assets);
            for (String asset : read) {
                PointId p = PointId.of(sc.community().id() + "." + asset + ".p");
                try {
                    measured.put(asset, Measure.averages(st, p, sc.start(), sc.step(), steps));
                } catch (StoreException e) {
                    s.problems.add("the store failed on " + p + ": " + e.getMessage());
                }
            }
        }
        Hindsight.Actual actual = Hindsight.actual(sc, measured, steps);
        Hindsight.Outcome a = Hindsight.evaluate(actual.scenario(), c.active());
        Hindsight.Outcome b = Hindsight.evaluate(actual.scenario(), c.shadow());
        s.activeCost += a.costEur();
        s.shadowCost += b.costEur();
        s.activeBreaches += a.breaches().size();
        s.shadowBreaches += b.breaches().size();
        s.steps += steps;
        s.measured += actual.measured();
        s.substituted += actual.substituted();
        for (String asset : assets) {
            double[] p = x.getOrDefault(asset, new double[steps]);
            double[] q = y.getOrDefault(asset, new double[steps]);
            double[] m = measured.get(asset);
            double[] sum = s.difference.computeIfAbsent(asset, k -> new double[2]);
            for (int t = 0; t < steps; t++) {
                sum[0] += Math.abs(value(q, t) - value(p, t)) / 1000;
                sum[1]++;
                s.points.addLast(
                        new ShadowPoint(asset, sc.timeAt(t), m == null ? Double.NaN : m[t], value(p, t), value(q, t)));
                if (s.points.size() > POINTS) {
                    s.points.removeFirst();
                }
            }
        }
        Instant end = sc.start().plus(sc.step().multipliedBy(steps));
        s.to = end.isAfter(s.to) ? end : s.to;
    }

    private static double value(double[] x, int t) {
        return t < x.length && Double.isFinite(x[t]) ? x[t] : 0;
    }

    private static Map<String, double[]> setpoints(Plan p) {
        Map<String, double[]> m = new HashMap<>();
        for (AssetSchedule a : p.schedules()) {
            m.put(a.assetId(), a.setpointsW());
        }
        return m;
    }

    private static String note(Sums s) {
        List<String> parts = new ArrayList<>();
        parts.add(s.steps + " completed steps judged on what happened");
        if (s.measured + s.substituted > 0) {
            parts.add(s.measured + " of " + (s.measured + s.substituted) + " load and PV values measured (the "
                    + "forecast kept for the rest)");
        }
        if (s.activeLabels.size() > 1) {
            parts.add("the active plans were made by " + String.join(", ", s.activeLabels));
        }
        parts.add("cost: energy at the connection and battery wear at the plans' prices, no peak charge");
        parts.addAll(s.problems.stream().distinct().limit(3).toList());
        return String.join("; ", parts);
    }

    static String label(Plan p) {
        return p.strategy() + " " + p.strategyVersion();
    }
}
