package io.gridhub.core.internal.anomaly;

import io.gridhub.api.allocation.MemberShare;
import io.gridhub.api.anomaly.AnomalyKind;
import io.gridhub.api.anomaly.AnomalySeverity;
import io.gridhub.api.anomaly.Finding;
import io.gridhub.api.model.AllocationLine;
import io.gridhub.api.model.MeterInterval;
import io.gridhub.api.settlement.SettlementRun;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checks of a settled run, each a {@link Finding} with a plain explanation (no OSGi, no store: the caller hands
 * in the run, the version before it and the runs of earlier periods):
 * <ul>
 * <li>{@code SHARES_MISMATCH}: in an interval the members were allocated more shared energy than the community
 * generated; or the members' shares of the savings do not add up to the total of their lines' values (beyond the
 * sampling error);</li>
 * <li>{@code ALLOCATION_OUT_OF_POLICY}: a member allocated negative energy, more than it consumed (every key caps
 * a member's allocation at its consumption), or a value that is not a number;</li>
 * <li>{@code STATEMENT_CHANGE}: a member's total (lines' values and share) changed from the version before by more
 * than {@code fraction} of it and more than {@code eur};</li>
 * <li>{@code PROFILE_CHANGE}: a member's consumption or generation over the period is more than {@code factor}
 * times, or less than 1/{@code factor} of, its median over the earlier periods (at least {@code minPeriods} of them;
 * provisional runs are neither checked nor history, their missing data counts as 0).</li>
 * </ul>
 */
final class SettlementChecks {
    static final String DETECTOR = "settlement-checks";
    /** Energy differences below this are rounding, Wh. */
    private static final double WH_TOLERANCE = 1.0;

    /** The thresholds (docs/anomalies.md, "Settlement checks"). */
    record Limits(
            double shareToleranceEur,
            double statementChangeFraction,
            double statementChangeEur,
            double profileFactor,
            int profileMinPeriods,
            double profileMinKWh) {
        static final Limits DEFAULT = new Limits(0.01, 0.2, 1.0, 3.0, 3, 1.0);
    }

    private final Limits limits;

    SettlementChecks(Limits limits) {
        this.limits = limits;
    }

    /**
     * @param run      the run just recorded
     * @param previous the version of the same period before it, null for a first settlement
     * @param earlier  the latest versions of earlier periods of the community, any order
     */
    List<Finding> check(SettlementRun run, SettlementRun previous, List<SettlementRun> earlier) {
        List<Finding> out = new ArrayList<>();
        Instant[] window = window(run);
        energy(run, window, out);
        shares(run, window, out);
        lines(run, window, out);
        if (previous != null) {
            statements(previous, run, window, out);
        }
        if (!run.provisional()) {
            profiles(run, earlier, window, out);
        }
        return out;
    }

    private void energy(SettlementRun run, Instant[] w, List<Finding> out) {
        Map<Instant, double[]> byInterval = new TreeMap<>();
        Map<Instant, Duration> lengths = new TreeMap<>();
        for (MeterInterval m : run.inputs()) {
            byInterval.computeIfAbsent(m.start(), k -> new double[2])[0] += m.generationWh();
            lengths.put(m.start(), m.length());
        }
        for (AllocationLine l : run.lines()) {
            // Lines over the whole period (a Shapley coalition part) carry value, not energy of an interval.
            if (l.interval().equals(lengths.get(l.intervalStart()))) {
                byInterval.get(l.intervalStart())[1] += l.allocatedWh();
            }
        }
        int over = 0;
        Instant worst = null;
        double worstExcess = 0;
        for (Map.Entry<Instant, double[]> e : byInterval.entrySet()) {
            double excess = e.getValue()[1] - e.getValue()[0];
            if (excess > Math.max(WH_TOLERANCE, 1e-6 * e.getValue()[0])) {
                over++;
                if (excess > worstExcess) {
                    worstExcess = excess;
                    worst = e.getKey();
                }
            }
        }
        if (worst != null) {
            double[] x = byInterval.get(worst);
            out.add(finding(
                    run,
                    AnomalyKind.SHARES_MISMATCH,
                    AnomalySeverity.HIGH,
                    List.of(),
                    w,
                    "version " + run.version() + " of " + run.period() + " allocates more shared energy than the "
                            + "community generated in " + over + " interval(s): at " + worst + " " + kwh(x[1])
                            + " kWh allocated, " + kwh(x[0]) + " kWh generated. The allocation strategy "
                            + run.strategy() + " or its inputs are wrong; do not send these statements.",
                    worstExcess / WH_TOLERANCE));
        }
    }

    private void shares(SettlementRun run, Instant[] w, List<Finding> out) {
        if (run.shares().isEmpty()) {
            return;
        }
        double shares = 0;
        double variance = 0;
        for (MemberShare s : run.shares()) {
            shares += s.valueEur();
            variance += s.standardErrorEur() * s.standardErrorEur();
        }
        double lines =
                run.lines().stream().mapToDouble(AllocationLine::valueEur).sum();
        double tolerance = Math.max(limits.shareToleranceEur(), 3 * Math.sqrt(variance));
        if (!(Math.abs(shares - lines) <= tolerance)) {
            out.add(finding(
                    run,
                    AnomalyKind.SHARES_MISMATCH,
                    AnomalySeverity.HIGH,
                    List.of(),
                    w,
                    "version " + run.version() + " of " + run.period() + ": the members' shares add up to "
                            + eur(shares) + " EUR but their allocation lines to " + eur(lines) + " EUR (a difference "
                            + "of " + eur(shares - lines) + " EUR, more than the " + eur(tolerance) + " EUR "
                            + "allowed). The statements would not match the community's savings.",
                    Math.abs(shares - lines) / tolerance));
        }
    }

    private void lines(SettlementRun run, Instant[] w, List<Finding> out) {
        Map<String, Map<Instant, Double>> consumption = new TreeMap<>();
        for (MeterInterval m : run.inputs()) {
            consumption
                    .computeIfAbsent(m.memberId(), k -> new TreeMap<>())
                    .merge(m.start(), m.consumptionWh(), Double::sum);
        }
        Map<String, List<String>> problems = new TreeMap<>();
        for (AllocationLine l : run.lines()) {
            String why = null;
            if (!Double.isFinite(l.allocatedWh()) || !Double.isFinite(l.valueEur())) {
                why = "a value that is not a number at " + l.intervalStart();
            } else if (l.allocatedWh() < -WH_TOLERANCE) {
                why = kwh(l.allocatedWh()) + " kWh (negative) at " + l.intervalStart();
            } else {
                double used = consumption.getOrDefault(l.memberId(), Map.of()).getOrDefault(l.intervalStart(), 0.0);
                if (l.allocatedWh() > used + WH_TOLERANCE) {
                    why = kwh(l.allocatedWh()) + " kWh at " + l.intervalStart() + " while it consumed " + kwh(used)
                            + " kWh";
                }
            }
            if (why != null) {
                problems.computeIfAbsent(l.memberId(), k -> new ArrayList<>()).add(why);
            }
        }
        problems.forEach((member, whys) -> out.add(finding(
                run,
                AnomalyKind.ALLOCATION_OUT_OF_POLICY,
                AnomalySeverity.HIGH,
                List.of(member),
                w,
                "version " + run.version() + " of " + run.period() + " allocates member " + member + " "
                        + whys.get(0) + (whys.size() > 1 ? " (and " + (whys.size() - 1) + " more interval(s))" : "")
                        + ": policy " + run.policy() + " never allocates a member negative energy or more than it "
                        + "consumed.",
                whys.size())));
    }

    private void statements(SettlementRun before, SettlementRun after, Instant[] w, List<Finding> out) {
        Map<String, double[]> totals = new TreeMap<>();
        add(totals, before, 0);
        add(totals, after, 1);
        totals.forEach((member, t) -> {
            double delta = t[1] - t[0];
            double threshold = Math.max(limits.statementChangeEur(), limits.statementChangeFraction() * Math.abs(t[0]));
            if (Math.abs(delta) > threshold) {
                String pct = t[0] == 0 ? "" : String.format(Locale.ROOT, ", %+.0f %%", 100 * delta / Math.abs(t[0]));
                out.add(finding(
                        after,
                        AnomalyKind.STATEMENT_CHANGE,
                        AnomalySeverity.MEDIUM,
                        List.of(member),
                        w,
                        "member " + member + "'s statement for " + after.period() + " changed from " + eur(t[0])
                                + " EUR in version " + before.version() + " to " + eur(t[1]) + " EUR in version "
                                + after.version() + " (" + (delta > 0 ? "+" : "") + eur(delta) + " EUR" + pct
                                + "), more than the " + pct(limits.statementChangeFraction()) + " or "
                                + eur(limits.statementChangeEur()) + " EUR a correction is expected to move it. "
                                + "Check the corrected meter data before the statement goes out.",
                        Math.abs(delta) / threshold));
            }
        });
    }

    /** Per member its total value (lines and share) into slot {@code at} of {@code totals}. */
    private static void add(Map<String, double[]> totals, SettlementRun run, int at) {
        for (AllocationLine l : run.lines()) {
            totals.computeIfAbsent(l.memberId(), k -> new double[2])[at] += l.valueEur();
        }
        for (MemberShare s : run.shares()) {
            totals.computeIfAbsent(s.memberId(), k -> new double[2])[at] += s.valueEur();
        }
    }

    private void profiles(SettlementRun run, List<SettlementRun> earlier, Instant[] w, List<Finding> out) {
        Map<String, double[]> now = energies(run);
        Map<String, List<double[]>> history = new TreeMap<>();
        for (SettlementRun r : earlier) {
            if (!r.provisional() && !r.period().equals(run.period())) {
                energies(r)
                        .forEach((m, e) -> history.computeIfAbsent(m, k -> new ArrayList<>())
                                .add(e));
            }
        }
        now.forEach((member, e) -> {
            List<double[]> past = history.getOrDefault(member, List.of());
            if (past.size() < limits.profileMinPeriods()) {
                return;
            }
            for (int j = 0; j < 2; j++) {
                int q = j;
                double median = median(past.stream().mapToDouble(p -> p[q]).toArray());
                String change = change(e[j], median);
                if (change != null) {
                    String what = j == 0 ? "consumed" : "generated";
                    out.add(finding(
                            run,
                            AnomalyKind.PROFILE_CHANGE,
                            AnomalySeverity.MEDIUM,
                            List.of(member),
                            w,
                            "member " + member + " " + what + " " + kwh(e[j]) + " kWh in " + run.period() + ", "
                                    + change + " the median of its " + past.size() + " settled periods before ("
                                    + kwh(median) + " kWh). An abrupt change can be a meter fault, tampering or a "
                                    + "new occupant.",
                            ratio(e[j], median) / limits.profileFactor()));
                }
            }
        });
    }

    /** How {@code value} departs from {@code median} beyond the factor, or null when it does not. */
    private String change(double value, double median) {
        if (Math.max(value, median) < limits.profileMinKWh() * 1000) {
            return null;
        }
        double r = ratio(value, median);
        if (r <= limits.profileFactor()) {
            return null;
        }
        String times = String.format(Locale.ROOT, "%.1f", r);
        return value > median
                ? (median <= 0 ? "where it had nothing in" : times + " times")
                : (value <= 0 ? "nothing against" : "1/" + times + " of");
    }

    private static double ratio(double a, double b) {
        double hi = Math.max(a, b);
        double lo = Math.min(a, b);
        return lo <= 0 ? Double.POSITIVE_INFINITY : hi / lo;
    }

    /** Per member its consumption and generation over the run, Wh. */
    private static Map<String, double[]> energies(SettlementRun run) {
        Map<String, double[]> out = new TreeMap<>();
        for (MeterInterval m : run.inputs()) {
            double[] e = out.computeIfAbsent(m.memberId(), k -> new double[2]);
            e[0] += m.consumptionWh();
            e[1] += m.generationWh();
        }
        return out;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n == 0 ? 0 : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** The period {@code start/end} as the evidence window; the inputs' span when the period does not parse. */
    static Instant[] window(SettlementRun run) {
        String[] parts = run.period().split("/");
        if (parts.length == 2) {
            try {
                Instant from = Instant.parse(parts[0]);
                Instant to = Instant.parse(parts[1]);
                if (!to.isBefore(from)) {
                    return new Instant[] {from, to};
                }
            } catch (DateTimeParseException e) {
                // the inputs' span below
            }
        }
        Instant from = run.inputs().stream()
                .map(MeterInterval::start)
                .min(Instant::compareTo)
                .orElse(run.recordedAt() == null ? Instant.EPOCH : run.recordedAt());
        Instant to = run.inputs().stream()
                .map(m -> m.start().plus(m.length()))
                .max(Instant::compareTo)
                .orElse(from);
        return new Instant[] {from, to};
    }

    private static Finding finding(
            SettlementRun run,
            AnomalyKind kind,
            AnomalySeverity severity,
            List<String> members,
            Instant[] w,
            String why,
            double score) {
        return new Finding(
                run.communityId(),
                kind,
                severity,
                List.of(),
                members,
                w[0],
                w[1],
                why,
                Double.isFinite(score) ? score : 1e9,
                DETECTOR);
    }

    private static String kwh(double wh) {
        return String.format(Locale.ROOT, "%.2f", wh / 1000);
    }

    private static String eur(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.0f %%", 100 * fraction);
    }
}
