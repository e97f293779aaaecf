package io.gridhub.api.settlement;

import io.gridhub.api.allocation.MemberShare;
import io.gridhub.api.check.Fields;
import io.gridhub.api.model.AllocationLine;
import io.gridhub.api.model.MeterInterval;
import io.gridhub.api.model.PolicyRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one member is told about one settled period: per interval its metered inputs, what it was allocated,
 * the money value and the rule and policy version that produced it; then the totals and the run's notes. From
 * version 2 of a period on, also what changed for this member against the version before (a re-run with
 * corrected meter data): {@code previousVersion}, the changed intervals before and after, and the share before
 * and after. Energies in Wh, money in EUR.
 *
 * @param previousVersion the version the changes are against; {@code null} when there is none (version 1) or
 *                        it was not asked for
 * @param shareChange     the member's share before and after, {@code null} when it did not change
 * @param strategy        the allocation strategy that made the run, {@code name@version} (the run's)
 */
public record MemberStatement(
        String communityId,
        String period,
        int version,
        String memberId,
        String method,
        PolicyRef policy,
        List<Line> lines,
        double consumptionWh,
        double generationWh,
        double allocatedWh,
        double valueEur,
        Double shareEur,
        Double shareStandardErrorEur,
        List<String> notes,
        Integer previousVersion,
        List<SettlementDiff.LineChange> changes,
        SettlementDiff.ShareChange shareChange,
        String strategy) {
    /** One interval of the statement. */
    public record Line(
            Instant intervalStart,
            Duration interval,
            double consumptionWh,
            double generationWh,
            double allocatedWh,
            double valueEur,
            String rule,
            PolicyRef policy) {}

    public MemberStatement {
        Objects.requireNonNull(memberId, "memberId");
        lines = List.copyOf(lines);
        notes = Fields.copyOf(notes);
        changes = Fields.copyOf(changes);
        strategy = Fields.orEmpty(strategy);
    }

    /** Without the strategy (0.4 form). */
    public MemberStatement(
            String communityId,
            String period,
            int version,
            String memberId,
            String method,
            PolicyRef policy,
            List<Line> lines,
            double consumptionWh,
            double generationWh,
            double allocatedWh,
            double valueEur,
            Double shareEur,
            Double shareStandardErrorEur,
            List<String> notes,
            Integer previousVersion,
            List<SettlementDiff.LineChange> changes,
            SettlementDiff.ShareChange shareChange) {
        this(
                communityId,
                period,
                version,
                memberId,
                method,
                policy,
                lines,
                consumptionWh,
                generationWh,
                allocatedWh,
                valueEur,
                shareEur,
                shareStandardErrorEur,
                notes,
                previousVersion,
                changes,
                shareChange,
                "");
    }

    /**
     * The statement of a member in a run, with what changed for the member against {@code previous} (an earlier
     * version of the same period; {@code null} for none).
     */
    public static MemberStatement of(SettlementRun run, String memberId, SettlementRun previous) {
        MemberStatement s = of(run, memberId);
        if (previous == null) {
            return s;
        }
        if (!previous.communityId().equals(run.communityId())
                || !previous.period().equals(run.period())) {
            throw new IllegalArgumentException("version " + previous.version() + " of " + previous.communityId() + " "
                    + previous.period() + " is not of the statement's period " + run.period());
        }
        SettlementDiff d = SettlementDiff.between(previous, run);
        return new MemberStatement(
                s.communityId,
                s.period,
                s.version,
                s.memberId,
                s.method,
                s.policy,
                s.lines,
                s.consumptionWh,
                s.generationWh,
                s.allocatedWh,
                s.valueEur,
                s.shareEur,
                s.shareStandardErrorEur,
                s.notes,
                previous.version(),
                d.linesOf(memberId),
                d.shareOf(memberId),
                s.strategy);
    }

    /**
     * The statement of a member in a run. Each line gets the inputs that fall within its interval (so an hourly
     * line shows the sum of four quarter hours; a period-wide line, claimed last, shows none); inputs that no
     * line covers get a line of their own with rule {@code no allocation}.
     */
    public static MemberStatement of(SettlementRun run, String memberId) {
        TreeMap<Instant, MeterInterval> in = new TreeMap<>();
        for (MeterInterval m : run.inputs()) {
            if (m.memberId().equals(memberId)) {
                in.put(m.start(), m);
            }
        }
        List<AllocationLine> own = new ArrayList<>();
        for (AllocationLine l : run.lines()) {
            if (l.memberId().equals(memberId)) {
                own.add(l);
            }
        }
        // Shortest intervals claim their inputs first.
        List<AllocationLine> byLength = new ArrayList<>(own);
        byLength.sort(Comparator.comparing(AllocationLine::interval));
        Map<AllocationLine, double[]> claimed = new IdentityHashMap<>();
        for (AllocationLine l : byLength) {
            double[] cg = new double[2];
            var covered = in.subMap(l.intervalStart(), true, l.intervalStart().plus(l.interval()), false);
            for (MeterInterval m : covered.values()) {
                cg[0] += m.consumptionWh();
                cg[1] += m.generationWh();
            }
            covered.clear();
            claimed.put(l, cg);
        }
        List<Line> lines = new ArrayList<>();
        for (AllocationLine l : own) {
            double[] cg = claimed.get(l);
            lines.add(new Line(
                    l.intervalStart(),
                    l.interval(),
                    cg[0],
                    cg[1],
                    l.allocatedWh(),
                    l.valueEur(),
                    l.rule(),
                    l.policy()));
        }
        for (MeterInterval m : in.values()) {
            lines.add(new Line(
                    m.start(), m.length(), m.consumptionWh(), m.generationWh(), 0, 0, "no allocation", run.policy()));
        }
        lines.sort(Comparator.comparing(Line::intervalStart).thenComparing(Line::interval));
        double c = 0;
        double g = 0;
        double a = 0;
        double v = 0;
        for (Line l : lines) {
            c += l.consumptionWh();
            g += l.generationWh();
            a += l.allocatedWh();
            v += l.valueEur();
        }
        MemberShare share = run.shares().stream()
                .filter(s -> s.memberId().equals(memberId))
                .findFirst()
                .orElse(null);
        return new MemberStatement(
                run.communityId(),
                run.period(),
                run.version(),
                memberId,
                run.method(),
                run.policy(),
                lines,
                c,
                g,
                a,
                v,
                share == null ? null : share.valueEur(),
                share == null ? null : share.standardErrorEur(),
                run.notes(),
                null,
                List.of(),
                null,
                run.strategy());
    }
}
