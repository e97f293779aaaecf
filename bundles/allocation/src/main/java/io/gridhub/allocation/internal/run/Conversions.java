package io.gridhub.allocation.internal.run;

import io.gridhub.allocation.internal.data.InputException;
import io.gridhub.allocation.internal.data.InputLimits;
import io.gridhub.allocation.internal.data.MeterTable;
import io.gridhub.api.allocation.AllocationResult;
import io.gridhub.api.allocation.MemberShare;
import io.gridhub.api.model.AllocationLine;
import io.gridhub.api.model.MeterInterval;
import io.gridhub.api.model.PolicyRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Between the API's records (Wh, one object per member-interval) and the dense tables the engines use (kWh). */
public final class Conversions {
    private Conversions() {}

    /**
     * A table from metered intervals: every interval must have the same length and start on one grid; a
     * member-interval given twice is refused.
     */
    public static MeterTable table(List<MeterInterval> meters) {
        return table(meters, InputLimits.current());
    }

    /** @param limits intervals and cells the table may have, checked before it is allocated */
    public static MeterTable table(List<MeterInterval> meters, InputLimits limits) {
        if (meters.isEmpty()) {
            throw new IllegalArgumentException("no meter intervals");
        }
        Duration step = meters.get(0).length();
        Map<String, Integer> members = new LinkedHashMap<>();
        Instant first = meters.get(0).start();
        Instant last = first;
        for (MeterInterval m : meters) {
            if (!m.length().equals(step)) {
                throw new IllegalArgumentException("meter intervals of different lengths: " + step + " and "
                        + m.length() + " (member " + m.memberId() + " at " + m.start() + ")");
            }
            members.computeIfAbsent(m.memberId(), k -> members.size());
            first = m.start().isBefore(first) ? m.start() : first;
            last = m.start().isAfter(last) ? m.start() : last;
        }
        if (step.isNegative() || step.getSeconds() < 60 || step.getNano() != 0 || step.getSeconds() % 60 != 0) {
            throw new IllegalArgumentException("meter intervals of " + step + ": whole minutes required");
        }
        long s = step.getSeconds();
        long grid = Duration.between(first, last).getSeconds() / s + 1;
        try {
            limits.checkGrid(
                    "meters",
                    0,
                    meters.size(),
                    grid,
                    members.size(),
                    "from " + first + " to " + last + " every " + step);
            InputLimits.checkHeap("meters", 0, grid, members.size());
        } catch (InputException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        int slots = (int) grid;
        int n = members.size();
        double[] c = new double[slots * n];
        double[] g = new double[slots * n];
        boolean[] seen = new boolean[slots * n];
        for (MeterInterval m : meters) {
            long off = Duration.between(first, m.start()).getSeconds();
            if (off % s != 0) {
                throw new IllegalArgumentException("overlapping interval: " + m.memberId() + " at " + m.start()
                        + " is off the " + step.toMinutes() + "-minute grid starting " + first);
            }
            int cell = (int) (off / s) * n + members.get(m.memberId());
            if (seen[cell]) {
                throw new IllegalArgumentException(
                        "overlapping interval: " + m.memberId() + " has two intervals " + "starting " + m.start());
            }
            seen[cell] = true;
            c[cell] = m.consumptionWh() / 1000;
            g[cell] = m.generationWh() / 1000;
        }
        return MeterTable.of(members.keySet().toArray(String[]::new), first, step, slots, c, g);
    }

    /** The metered intervals of a table, as settled (Wh). */
    public static List<MeterInterval> intervals(MeterTable t) {
        List<MeterInterval> out = new ArrayList<>(t.members() * t.intervals());
        for (int k = 0; k < t.intervals(); k++) {
            for (int i = 0; i < t.members(); i++) {
                out.add(new MeterInterval(
                        t.start(k), t.step(), t.member(i), 1000 * t.consumption(k, i), 1000 * t.generation(k, i)));
            }
        }
        return out;
    }

    public static AllocationResult result(Outcome o, String strategy) {
        MeterTable t = o.table();
        int n = t.members();
        PolicyRef ref = o.policy().ref();
        List<AllocationLine> lines = new ArrayList<>(n * t.intervals());
        for (int k = 0; k < t.intervals(); k++) {
            for (int i = 0; i < n; i++) {
                int cell = k * n + i;
                lines.add(new AllocationLine(
                        t.start(k),
                        t.step(),
                        t.member(i),
                        o.allocated() == null ? 0 : 1000 * o.allocated()[cell],
                        o.value()[cell],
                        ref,
                        o.rule().text(k, i)));
            }
        }
        if (o.periodPart() != null) {
            Duration whole = t.step().multipliedBy(t.intervals());
            for (int i = 0; i < n; i++) {
                lines.add(new AllocationLine(
                        t.start(0),
                        whole,
                        t.member(i),
                        0,
                        o.periodPart()[i],
                        ref,
                        "shapley (exact): coalition part over all mixed intervals of the period"));
            }
        }
        List<MemberShare> shares = new ArrayList<>();
        if (o.share() != null) {
            for (int i = 0; i < n; i++) {
                shares.add(new MemberShare(t.member(i), o.share()[i], o.shareError()[i]));
            }
        }
        return new AllocationResult(strategy, ref, lines, shares, o.notes());
    }

    /** Sums of lines per member, for tests and summaries. */
    public static Map<String, double[]> totals(List<AllocationLine> lines) {
        Map<String, double[]> m = new HashMap<>();
        for (AllocationLine l : lines) {
            double[] x = m.computeIfAbsent(l.memberId(), k -> new double[2]);
            x[0] += l.allocatedWh();
            x[1] += l.valueEur();
        }
        return m;
    }
}
