package io.gridhub.api.settlement;

import io.gridhub.api.allocation.MemberShare;
import io.gridhub.api.model.AllocationLine;
import io.gridhub.api.model.MeterInterval;
import io.gridhub.api.model.PolicyRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one member is told about one settled period: per interval its metered inputs, what it was allocated,
 * the money value and the rule and policy version that produced it; then the totals and the run's notes.
 * Energies in Wh, money in EUR.
 */
public record MemberStatement(String communityId, String period, int version, String memberId, String method,
                              PolicyRef policy, List<Line> lines, double consumptionWh, double generationWh,
                              double allocatedWh, double valueEur, Double shareEur, Double shareStandardErrorEur,
                              List<String> notes) {
    /** One interval of the statement. */
    public record Line(Instant intervalStart, Duration interval, double consumptionWh, double generationWh,
                       double allocatedWh, double valueEur, String rule, PolicyRef policy) {
    }

    public MemberStatement {
        Objects.requireNonNull(memberId, "memberId");
        lines = List.copyOf(lines);
        notes = List.copyOf(notes == null ? List.of() : notes);
    }

    /** The statement of a member in a run; inputs without a line get a line with rule {@code no allocation}. */
    public static MemberStatement of(SettlementRun run, String memberId) {
        Map<Instant, MeterInterval> in = new TreeMap<>();
        for (MeterInterval m : run.inputs()) {
            if (m.memberId().equals(memberId)) {
                in.put(m.start(), m);
            }
        }
        Map<Instant, List<AllocationLine>> out = new TreeMap<>();
        for (AllocationLine l : run.lines()) {
            if (l.memberId().equals(memberId)) {
                out.computeIfAbsent(l.intervalStart(), k -> new ArrayList<>()).add(l);
            }
        }
        TreeMap<Instant, Boolean> starts = new TreeMap<>();
        in.keySet().forEach(k -> starts.put(k, true));
        out.keySet().forEach(k -> starts.put(k, true));
        List<Line> lines = new ArrayList<>();
        double c = 0, g = 0, a = 0, v = 0;
        for (Instant t : starts.keySet()) {
            MeterInterval m = in.get(t);
            List<AllocationLine> ls = out.getOrDefault(t, List.of());
            double mc = m == null ? 0 : m.consumptionWh();
            double mg = m == null ? 0 : m.generationWh();
            c += mc;
            g += mg;
            if (ls.isEmpty()) {
                lines.add(new Line(t, m.length(), mc, mg, 0, 0, "no allocation", run.policy()));
            }
            boolean first = true;
            for (AllocationLine l : ls) {
                // A second line for the same interval (e.g. a period-wide part) carries no inputs again.
                lines.add(new Line(t, l.interval(), first ? mc : 0, first ? mg : 0, l.allocatedWh(), l.valueEur(),
                        l.rule(), l.policy()));
                a += l.allocatedWh();
                v += l.valueEur();
                first = false;
            }
        }
        MemberShare share = run.shares().stream().filter(s -> s.memberId().equals(memberId)).findFirst()
                .orElse(null);
        return new MemberStatement(run.communityId(), run.period(), run.version(), memberId, run.method(),
                run.policy(), lines, c, g, a, v, share == null ? null : share.valueEur(),
                share == null ? null : share.standardErrorEur(), run.notes());
    }
}
