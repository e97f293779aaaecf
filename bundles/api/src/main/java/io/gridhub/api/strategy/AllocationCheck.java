package io.gridhub.api.strategy;

import static io.gridhub.api.strategy.Problems.num;

import io.gridhub.api.allocation.AllocationPolicy;
import io.gridhub.api.allocation.AllocationRequest;
import io.gridhub.api.allocation.AllocationResult;
import io.gridhub.api.allocation.MemberShare;
import io.gridhub.api.model.AllocationLine;
import io.gridhub.api.model.MeterInterval;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@link OutputChecks#allocation}: lines against the request's members and meters. Energies count at each member's
 * participation factor in the policy's community, as the sharing keys count them (docs/allocation.md); a line may
 * cover several metered intervals (a policy's coarser resolution, a period line), and its energy is checked against
 * the metered intervals it covers.
 */
final class AllocationCheck {
    /** Tolerance on energies in Wh (and this fraction of the energy): rounding. */
    static final double TOLERANCE_WH = 1e-3;

    static final double TOLERANCE_RELATIVE = 1e-9;
    /** Tolerance on money in EUR (and this fraction of the amount): sums of many small values. */
    static final double TOLERANCE_EUR = 1e-6;

    private record Interval(Instant start, Duration length) {
        Instant end() {
            return start.plus(length);
        }
    }

    private final AllocationRequest request;
    private final AllocationResult result;
    private final Problems p;
    private final TreeMap<Instant, List<MeterInterval>> meters = new TreeMap<>();
    private final Set<String> metered = new LinkedHashSet<>();

    AllocationCheck(AllocationRequest request, AllocationResult result, Problems problems) {
        this.request = request;
        this.result = result;
        this.p = problems;
        for (MeterInterval m : request.meters()) {
            meters.computeIfAbsent(m.start(), k -> new ArrayList<>()).add(m);
            metered.add(m.memberId());
        }
    }

    void run() {
        Set<String> known = new HashSet<>(metered);
        known.addAll(request.rules().members());
        Map<String, TreeMap<Instant, Instant>> covered = new HashMap<>();
        Map<String, Double> valueOf = new LinkedHashMap<>();
        Map<Interval, List<AllocationLine>> byInterval = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (AllocationLine l : result.lines()) {
            String at = " at " + l.intervalStart();
            if (!known.contains(l.memberId())) {
                p.add("unknown member", "a line for member " + l.memberId() + at + ", who is not in the request");
                continue;
            }
            if (!seen.add(l.memberId() + "@" + l.intervalStart() + "/" + l.interval())) {
                p.add("line twice", "member " + l.memberId() + " has two lines for the " + l.interval() + at);
                continue;
            }
            covered.computeIfAbsent(l.memberId(), k -> new TreeMap<>())
                    .merge(l.intervalStart(), l.intervalStart().plus(l.interval()), (a, b) -> a.isAfter(b) ? a : b);
            if (!Double.isFinite(l.allocatedWh()) || !Double.isFinite(l.valueEur())) {
                p.add(
                        "line not finite",
                        "member " + l.memberId() + at + ": allocated " + num(l.allocatedWh()) + " Wh, value "
                                + num(l.valueEur()) + " EUR");
                continue;
            }
            if (l.allocatedWh() < -tolerance(TOLERANCE_WH, 0)) {
                p.add(
                        "negative allocation",
                        "member " + l.memberId() + at + " is allocated a negative " + num(l.allocatedWh()) + " Wh");
            }
            valueOf.merge(l.memberId(), l.valueEur(), Double::sum);
            byInterval
                    .computeIfAbsent(new Interval(l.intervalStart(), l.interval()), k -> new ArrayList<>())
                    .add(l);
        }
        for (MeterInterval m : request.meters()) {
            var line = covered.getOrDefault(m.memberId(), new TreeMap<>()).floorEntry(m.start());
            if (line == null || !line.getValue().isAfter(m.start())) {
                p.add(
                        "missing line",
                        "member " + m.memberId() + " has no line for its metered interval at " + m.start());
            }
        }
        byInterval.forEach(this::energy);
        shares(valueOf);
    }

    /** The lines of one interval against the generation and consumption metered in it. */
    private void energy(Interval in, List<AllocationLine> lines) {
        if (lines.stream().noneMatch(l -> l.allocatedWh() > 0)) {
            return;
        }
        AllocationPolicy rules = request.rules();
        double generation = 0;
        Map<String, Double> consumed = new HashMap<>();
        for (List<MeterInterval> ms : meters.subMap(in.start(), in.end()).values()) {
            for (MeterInterval m : ms) {
                double f = rules.factorOf(m.memberId());
                generation += f * m.generationWh();
                consumed.merge(m.memberId(), f * m.consumptionWh(), Double::sum);
            }
        }
        double consumption =
                consumed.values().stream().mapToDouble(Double::doubleValue).sum();
        double shared = Math.min(generation, consumption);
        double sum = lines.stream().mapToDouble(AllocationLine::allocatedWh).sum();
        if (sum > shared + tolerance(TOLERANCE_WH, shared)) {
            p.add(
                    "more than shared",
                    "interval at " + in.start() + ": the members are allocated " + num(sum) + " Wh together, more "
                            + "than the shared energy " + num(shared) + " Wh (generation " + num(generation)
                            + " Wh, consumption " + num(consumption) + " Wh)");
        }
        for (AllocationLine l : lines) {
            double c = consumed.getOrDefault(l.memberId(), 0.0);
            if (l.allocatedWh() > c + tolerance(TOLERANCE_WH, c)) {
                p.add(
                        "more than consumed",
                        "member " + l.memberId() + " at " + in.start() + " is allocated " + num(l.allocatedWh())
                                + " Wh, more than it consumed (" + num(c) + " Wh)");
            }
        }
    }

    /** Each member's savings share is the sum of its lines' values. */
    private void shares(Map<String, Double> valueOf) {
        if (result.shares().isEmpty()) {
            return;
        }
        Set<String> withShare = new HashSet<>();
        for (MemberShare s : result.shares()) {
            if (!withShare.add(s.memberId())) {
                p.add("share twice", "member " + s.memberId() + " has two savings shares");
                continue;
            }
            if (!Double.isFinite(s.valueEur()) || !Double.isFinite(s.standardErrorEur())) {
                p.add(
                        "share not finite",
                        "member " + s.memberId() + ": savings share " + num(s.valueEur()) + " EUR, standard error "
                                + num(s.standardErrorEur()) + " EUR");
                continue;
            }
            double lines = valueOf.getOrDefault(s.memberId(), 0.0);
            if (Math.abs(lines - s.valueEur()) > tolerance(TOLERANCE_EUR, s.valueEur())) {
                p.add(
                        "share differs from lines",
                        "member " + s.memberId() + ": savings share " + num(s.valueEur()) + " EUR, but its lines "
                                + "add up to " + num(lines) + " EUR");
            }
        }
        for (String m : metered) {
            if (!withShare.contains(m)) {
                p.add("missing share", "member " + m + " has no savings share");
            }
        }
    }

    private static double tolerance(double absolute, double amount) {
        return Math.max(absolute, TOLERANCE_RELATIVE * Math.abs(amount));
    }
}
