package io.gridhub.api.settlement;

import io.gridhub.api.allocation.MemberShare;
import io.gridhub.api.check.Fields;
import io.gridhub.api.model.AllocationLine;
import io.gridhub.api.model.MeterInterval;
import io.gridhub.api.model.PolicyRef;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * One allocation run of one community's period as the ledger keeps it: the inputs it used, the lines and shares
 * it produced, under which policy version and strategy. The ledger gives it a version (1, 2, … per period) and
 * a recording time; a run handed to {@link SettlementLedger#append} carries version 0.
 *
 * @param period an ISO-8601 interval {@code start/end} of the metered intervals, e.g.
 *               {@code 2013-01-15T13:00:00Z/2013-01-16T13:00:00Z}
 */
public record SettlementRun(
        String communityId,
        String period,
        int version,
        Instant recordedAt,
        String method,
        String strategy,
        PolicyRef policy,
        List<MeterInterval> inputs,
        List<AllocationLine> lines,
        List<MemberShare> shares,
        List<String> notes) {
    /**
     * How a note marking a provisional run begins: meter data was missing (counted as 0 kWh) and the note says
     * whose and how much; a later version of the period settles the corrected data.
     */
    public static final String PROVISIONAL = "provisional: ";

    public SettlementRun {
        Fields.require("communityId period method policy", communityId, period, method, policy);
        strategy = strategy == null ? method : strategy;
        inputs = List.copyOf(inputs);
        lines = List.copyOf(lines);
        shares = Fields.copyOf(shares);
        notes = Fields.copyOf(notes);
        if (version < 0) {
            throw new IllegalArgumentException("version must be ≥ 0");
        }
    }

    /** The same run as recorded by a ledger. */
    public SettlementRun recorded(int newVersion, Instant at) {
        return new SettlementRun(
                communityId, period, newVersion, at, method, strategy, policy, inputs, lines, shares, notes);
    }

    /** Whether the run was settled on incomplete meter data (a note begins with {@link #PROVISIONAL}). */
    public boolean provisional() {
        return notes.stream().anyMatch(n -> n.startsWith(PROVISIONAL));
    }

    /** The members that appear in the inputs, lines or shares, sorted. */
    public List<String> members() {
        return Stream.of(
                        inputs.stream().map(MeterInterval::memberId),
                        lines.stream().map(AllocationLine::memberId),
                        shares.stream().map(MemberShare::memberId))
                .flatMap(s -> s)
                .distinct()
                .sorted()
                .toList();
    }
}
