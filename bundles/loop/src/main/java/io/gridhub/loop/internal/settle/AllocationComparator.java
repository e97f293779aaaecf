package io.gridhub.loop.internal.settle;

import io.gridhub.api.settlement.MemberStatement;
import io.gridhub.api.settlement.SettlementRun;
import io.gridhub.api.strategy.ShadowComparator;
import io.gridhub.api.strategy.ShadowComparison;
import io.gridhub.api.strategy.ShadowFigure;
import io.gridhub.api.strategy.ShadowPoint;
import io.gridhub.api.strategy.StrategyGuard;
import io.gridhub.api.strategy.StrategyInfo;
import io.gridhub.api.strategy.StrategyRegistry;
import io.gridhub.api.strategy.StrategyRole;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The allocation shadow compared with the active allocator over the shadow period (since the shadow's state began):
 * every period settled meanwhile, the statement of each member in the run the ledger recorded against its statement
 * in the shadow's run on the same request. Per member (subject), summed over the periods: {@code credit} (EUR, the
 * value of its allocated energy and, where the method shares savings, not its share) and {@code allocated} (kWh);
 * samples are the periods. Periods settled again (corrections) count once, with their latest runs. Its points (the
 * newest {@link #POINTS}) are per member and interval the energy allocated by each (Wh), and as actual what the member
 * consumed.
 */
public final class AllocationComparator implements ShadowComparator {
    /** At most this many points, the newest. */
    static final int POINTS = 20_000;

    private final StrategyRegistry strategies;
    private final ShadowStatements statements;

    public AllocationComparator(StrategyRegistry strategies, ShadowStatements statements) {
        this.strategies = strategies;
        this.statements = statements;
    }

    @Override
    public StrategyRole role() {
        return StrategyRole.ALLOCATION;
    }

    @Override
    public Optional<ShadowComparison> compare() {
        Optional<StrategyInfo> info = StrategyGuard.inShadow(strategies, StrategyRole.ALLOCATION);
        if (info.isEmpty()) {
            return Optional.empty();
        }
        String shadow = info.get().name() + "@" + info.get().version();
        Instant from = info.get().stateSince();
        List<ShadowStatements.Day> days = statements.days().stream()
                .filter(d -> d.shadow().strategy().equals(shadow) && !d.at().isBefore(from))
                .toList();
        if (days.isEmpty()) {
            return Optional.empty();
        }
        // member → {active credit, shadow credit, active kWh, shadow kWh, periods}
        Map<String, double[]> sums = new TreeMap<>();
        TreeSet<String> actives = new TreeSet<>();
        Instant to = from;
        ArrayDeque<ShadowPoint> points = new ArrayDeque<>();
        for (ShadowStatements.Day d : days) {
            actives.add(label(d.active().strategy()));
            TreeSet<String> members = new TreeSet<>(d.active().members());
            members.addAll(d.shadow().members());
            for (String m : members) {
                MemberStatement a = MemberStatement.of(d.active(), m);
                MemberStatement b = MemberStatement.of(d.shadow(), m);
                double[] s = sums.computeIfAbsent(m, k -> new double[5]);
                s[0] += a.valueEur();
                s[1] += b.valueEur();
                s[2] += a.allocatedWh() / 1000;
                s[3] += b.allocatedWh() / 1000;
                s[4]++;
                Map<Instant, Double> shadowWh = new HashMap<>();
                b.lines().forEach(l -> shadowWh.merge(l.intervalStart(), l.allocatedWh(), Double::sum));
                for (MemberStatement.Line l : a.lines()) {
                    points.addLast(new ShadowPoint(
                            m,
                            l.intervalStart(),
                            l.consumptionWh(),
                            l.allocatedWh(),
                            shadowWh.getOrDefault(l.intervalStart(), 0.0)));
                    if (points.size() > POINTS) {
                        points.removeFirst();
                    }
                }
            }
            Instant end = periodEnd(d.active());
            to = end != null && end.isAfter(to) ? end : to;
        }
        List<ShadowFigure> figures = new ArrayList<>();
        sums.forEach((m, s) -> {
            figures.add(new ShadowFigure("credit", m, "EUR", s[0], s[1], (int) s[4]));
            figures.add(new ShadowFigure("allocated", m, "kWh", s[2], s[3], (int) s[4]));
        });
        String note = days.size() + " periods settled by both on the same request"
                + (actives.size() > 1 ? "; the recorded runs were made by " + String.join(", ", actives) : "");
        return Optional.of(new ShadowComparison(
                StrategyRole.ALLOCATION,
                label(days.get(days.size() - 1).active().strategy()),
                info.get().label(),
                from,
                to,
                days.size(),
                figures,
                note,
                points.stream()
                        .sorted(Comparator.comparing(ShadowPoint::time).thenComparing(ShadowPoint::subject))
                        .toList()));
    }

    /** {@code name@version} as {@code name version}. */
    private static String label(String strategy) {
        int at = strategy.lastIndexOf('@');
        return at < 0 ? strategy : strategy.substring(0, at) + " " + strategy.substring(at + 1);
    }

    private static Instant periodEnd(SettlementRun r) {
        int slash = r.period().indexOf('/');
        try {
            return slash < 0 ? null : Instant.parse(r.period().substring(slash + 1));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
