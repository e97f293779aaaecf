package io.gridhub.api.settlement;

import io.gridhub.api.check.Fields;
import io.gridhub.api.model.AllocationLine;
import io.gridhub.api.model.MeterInterval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What changed between two versions of a settled period: every member-interval whose inputs, allocated energy
 * or value differ, and every member whose share differs. Energies in Wh, money in EUR.
 */
public record SettlementDiff(
        String communityId,
        String period,
        int fromVersion,
        int toVersion,
        List<LineChange> lines,
        List<ShareChange> shares) {
    /** Differences smaller than this (Wh or EUR) are rounding, not changes. */
    public static final double TOLERANCE = 1e-9;

    /** One member-interval before and after. */
    public record LineChange(
            String memberId,
            Instant intervalStart,
            double consumptionWhBefore,
            double consumptionWhAfter,
            double generationWhBefore,
            double generationWhAfter,
            double allocatedWhBefore,
            double allocatedWhAfter,
            double valueEurBefore,
            double valueEurAfter) {}

    /** One member's share before and after. */
    public record ShareChange(String memberId, double valueEurBefore, double valueEurAfter) {}

    public SettlementDiff {
        Fields.require("communityId period", communityId, period);
        lines = List.copyOf(lines);
        shares = List.copyOf(shares);
    }

    public boolean empty() {
        return lines.isEmpty() && shares.isEmpty();
    }

    /** The changed intervals of one member, in this diff's order (since 0.7). */
    public List<LineChange> linesOf(String memberId) {
        return lines.stream().filter(c -> c.memberId().equals(memberId)).toList();
    }

    /** One member's share before and after; null when it did not change (since 0.7). */
    public ShareChange shareOf(String memberId) {
        return shares.stream()
                .filter(c -> c.memberId().equals(memberId))
                .findFirst()
                .orElse(null);
    }

    /** Compares two runs line by line (member and interval start); a line missing on one side counts as 0. */
    public static SettlementDiff between(SettlementRun a, SettlementRun b) {
        record Key(String member, Instant start) {}
        Map<Key, double[]> cells = new LinkedHashMap<>();
        // Per key: consumption, generation, allocated, value — before (0..3) and after (4..7).
        for (int side = 0; side < 2; side++) {
            SettlementRun r = side == 0 ? a : b;
            int o = side * 4;
            for (MeterInterval m : r.inputs()) {
                double[] c = cells.computeIfAbsent(new Key(m.memberId(), m.start()), k -> new double[8]);
                c[o] += m.consumptionWh();
                c[o + 1] += m.generationWh();
            }
            for (AllocationLine l : r.lines()) {
                double[] c = cells.computeIfAbsent(new Key(l.memberId(), l.intervalStart()), k -> new double[8]);
                c[o + 2] += l.allocatedWh();
                c[o + 3] += l.valueEur();
            }
        }
        List<LineChange> changes = new ArrayList<>();
        cells.forEach((k, c) -> {
            for (int j = 0; j < 4; j++) {
                if (Math.abs(c[j] - c[j + 4]) > TOLERANCE) {
                    changes.add(new LineChange(k.member(), k.start(), c[0], c[4], c[1], c[5], c[2], c[6], c[3], c[7]));
                    return;
                }
            }
        });
        changes.sort(Comparator.comparing(LineChange::intervalStart).thenComparing(LineChange::memberId));
        Map<String, Double> sa = new LinkedHashMap<>();
        Map<String, Double> sb = new LinkedHashMap<>();
        a.shares().forEach(s -> sa.put(s.memberId(), s.valueEur()));
        b.shares().forEach(s -> sb.put(s.memberId(), s.valueEur()));
        List<ShareChange> shareChanges = new ArrayList<>();
        for (String m : new TreeSet<>(union(sa, sb))) {
            double x = sa.getOrDefault(m, 0.0);
            double y = sb.getOrDefault(m, 0.0);
            if (Math.abs(x - y) > TOLERANCE) {
                shareChanges.add(new ShareChange(m, x, y));
            }
        }
        return new SettlementDiff(b.communityId(), b.period(), a.version(), b.version(), changes, shareChanges);
    }

    private static List<String> union(Map<String, Double> a, Map<String, Double> b) {
        List<String> all = new ArrayList<>(a.keySet());
        all.addAll(b.keySet());
        return all;
    }
}
