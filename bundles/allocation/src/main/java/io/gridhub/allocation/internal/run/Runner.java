package io.gridhub.allocation.internal.run;

import io.gridhub.allocation.internal.data.InputException;
import io.gridhub.allocation.internal.data.MeterTable;
import io.gridhub.allocation.internal.fair.ExactShapley;
import io.gridhub.allocation.internal.fair.SampledShapley;
import io.gridhub.allocation.internal.fair.SavingsGame;
import io.gridhub.allocation.internal.fair.ShapleyResult;
import io.gridhub.allocation.internal.fair.SimpleSharing;
import io.gridhub.allocation.internal.keys.Keys;
import io.gridhub.api.allocation.AllocationPolicy;
import io.gridhub.api.allocation.Prices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Runs one method over a meter table under a policy and prices: the one path shared by CLI, services and REST. */
public final class Runner {
    /** Sampling settings for Shapley beyond {@link ExactShapley#MAX_MEMBERS} members. */
    public record Options(
            int exactMaxMembers, double targetRelativeError, long maxMillis, long maxPermutations, long seed) {
        public static Options defaults() {
            return new Options(ExactShapley.MAX_MEMBERS, 0.01, 30_000, 10_000_000, 1);
        }
    }

    private Runner() {}

    public static Outcome run(
            Method method,
            MeterTable meters,
            AllocationPolicy policy,
            Prices prices,
            Options options,
            String policySource)
            throws InputException {
        List<String> notes = new ArrayList<>();
        Map<String, Object> facts = new LinkedHashMap<>();
        if (!policy.method().isEmpty() && Method.of(policy.method()).orElse(null) != method) {
            throw new InputException(
                    policySource,
                    0,
                    "the policy prescribes method '" + policy.method() + "', not '" + method.id() + "'");
        }
        MeterTable table = resolution(method, meters, policy, policySource, notes);
        double[] factor = Keys.factors(table, policy);
        for (int i = 0; i < factor.length; i++) {
            if (factor[i] != 1) {
                notes.add("member " + table.member(i) + " takes part with factor " + fmt(factor[i])
                        + " (ElWOG §16e): its consumption and generation count at that factor");
            }
        }
        if (method.key()) {
            return key(method, table, policy, prices, factor, notes, facts, policySource);
        }
        if (!prices.known()) {
            throw new InputException(
                    "prices",
                    0,
                    method.id() + " shares savings in EUR and needs prices: give "
                            + "--import-price and --export-price, or --prices");
        }
        return fair(method, table, policy, prices, factor, options, notes, facts);
    }

    private static MeterTable resolution(
            Method method, MeterTable meters, AllocationPolicy policy, String policySource, List<String> notes)
            throws InputException {
        int want = policy.resolutionMinutes();
        if (method == Method.CACER) {
            if (want != 0 && want != 60) {
                throw new InputException(policySource, 0, "CACER settles hourly; resolutionMinutes must be 60");
            }
            want = 60;
        }
        MeterTable table = meters;
        long have = meters.step().toMinutes();
        if (want != 0 && want != have) {
            if (want < have || want % have != 0) {
                throw new InputException(
                        policySource,
                        0,
                        "the policy settles every " + want + " minutes but the meter data is " + have + "-minute");
            }
            table = meters.aggregate(Duration.ofMinutes(want));
            notes.add(have + "-minute meter data summed to " + want + "-minute intervals (labelled with the first "
                    + "timestamp of each)");
        }
        if (method == Method.ENWG42C && table.step().toMinutes() != 15) {
            throw new InputException(
                    policySource.isEmpty() ? "meters" : policySource,
                    0,
                    "energy sharing under §42c EnWG is settled per quarter hour; the meter data is "
                            + table.step().toMinutes() + "-minute");
        }
        return table;
    }

    private static Outcome key(
            Method method,
            MeterTable t,
            AllocationPolicy p,
            Prices prices,
            double[] factor,
            List<String> notes,
            Map<String, Object> facts,
            String policySource)
            throws InputException {
        int n = t.members();
        int tt = t.intervals();
        double[] totals = new double[2 * tt];
        double[] a;
        Outcome.Rule rule;
        String suffix = method == Method.ENWG42C ? " (§42c EnWG, quarter hour)" : "";
        boolean staticKey = method == Method.STATIC
                || method == Method.ENWG42C && !p.staticShares().isEmpty();
        if (staticKey) {
            if (p.staticShares().isEmpty()) {
                throw new InputException(policySource, 0, "the static key needs staticShares in the policy");
            }
            double[] share = new double[n];
            List<String> without = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Double s = p.staticShares().get(t.member(i));
                share[i] = s == null ? 0 : s;
                if (s == null) {
                    without.add(t.member(i));
                }
            }
            if (!without.isEmpty()) {
                notes.add("no static share for " + String.join(", ", without) + ": they are allocated nothing");
            }
            a = Keys.fixed(t, factor, share, totals);
            rule = (k, i) -> "static" + suffix + ": min(s_i·G, c_i), s_i=" + fmt(share[i]) + ", G=" + kwh(totals[2 * k])
                    + participation(factor[i]);
        } else if (method == Method.PRIORITY) {
            if (p.priorityGroups().isEmpty()) {
                throw new InputException(policySource, 0, "the priority key needs priorityGroups in the policy");
            }
            int groups = p.priorityGroups().size();
            Map<String, Integer> byMember = new HashMap<>();
            for (int k = 0; k < groups; k++) {
                for (String m : p.priorityGroups().get(k)) {
                    byMember.put(m, k);
                }
            }
            int[] group = new int[n];
            List<String> last = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Integer k = byMember.get(t.member(i));
                if (k == null) {
                    last.add(t.member(i));
                }
                group[i] = k == null ? groups : k;
            }
            int all = last.isEmpty() ? groups : groups + 1;
            if (!last.isEmpty()) {
                notes.add("in no priority group, served last: " + String.join(", ", last));
            }
            double[] left = new double[tt * all];
            a = Keys.priority(t, factor, group, all, left, totals);
            rule = (k, i) -> "priority group " + (group[i] + 1) + " of " + all + ": c_i·min(1, R/C_group), R="
                    + kwh(left[k * all + group[i]]) + " left of G=" + kwh(totals[2 * k]) + participation(factor[i]);
        } else {
            a = Keys.dynamic(t, factor, totals);
            String what = method == Method.CACER
                    ? "CACER hourly shared energy E=min(G, C), a_i=c_i·E/C"
                    : "dynamic" + suffix + ": c_i·min(1, G/C)";
            rule = (k, i) ->
                    what + ", G=" + kwh(totals[2 * k]) + ", C=" + kwh(totals[2 * k + 1]) + participation(factor[i]);
        }
        double[] value = new double[n * tt];
        Outcome.Rule valueRule = rule;
        if (method == Method.CACER) {
            valueRule = cacer(t, p, factor, a, value, rule, notes);
        } else if (prices.known()) {
            for (int k = 0; k < tt; k++) {
                double d = prices.importAt(t.start(k)) - prices.exportAt(t.start(k));
                for (int i = 0; i < n; i++) {
                    value[k * n + i] = a[k * n + i] * d;
                }
            }
            Outcome.Rule base = rule;
            valueRule = (k, i) -> base.text(k, i) + "; value = a_i·(p_imp − p_exp) = a_i·"
                    + fmt(prices.importAt(t.start(k)) - prices.exportAt(t.start(k))) + " EUR/kWh";
        } else {
            notes.add("no prices given: value_EUR is 0 (give --import-price and --export-price to value shared "
                    + "energy at the import price it saves minus the export price it forgoes)");
        }
        double gen = 0;
        double alloc = 0;
        for (int k = 0; k < tt; k++) {
            gen += totals[2 * k];
        }
        for (double x : a) {
            alloc += x;
        }
        facts.put("generation_kWh", round(gen));
        facts.put("allocated_kWh", round(alloc));
        facts.put("to_grid_kWh", round(gen - alloc));
        return new Outcome(method, p, t, a, value, valueRule, null, null, null, notes, facts);
    }

    /**
     * Italy: the incentive on hourly shared energy, of which at least the policy's share goes to non-business
     * members (in proportion to their shared energy over the period), the rest to all in proportion.
     */
    private static Outcome.Rule cacer(
            MeterTable t,
            AllocationPolicy p,
            double[] factor,
            double[] a,
            double[] value,
            Outcome.Rule base,
            List<String> notes) {
        int n = t.members();
        double tariff = p.incentiveEurPerKWh();
        double rho = p.nonBusinessMinShare();
        double sharedTotal = 0;
        for (double x : a) {
            sharedTotal += x;
        }
        if (p.cacerShareThreshold() > 0 && sharedTotal > 0) {
            // The premium on shared energy above θ·G goes to non-business members only: that part of E.
            double g = 0;
            for (int k = 0; k < t.intervals(); k++) {
                for (int i = 0; i < n; i++) {
                    g += t.generation(k, i) * factor[i];
                }
            }
            double theta = p.cacerShareThreshold();
            double excess = Math.max(0, sharedTotal - theta * g);
            double fromData = excess / sharedTotal;
            notes.add("CACER: shared energy E = " + kwh(sharedTotal) + " is " + pct(sharedTotal / g)
                    + " of the generation G = " + kwh(g) + "; the premium on E − " + pct(theta) + "·G = "
                    + kwh(excess) + " (" + pct(fromData) + " of E) goes to non-business members only"
                    + (fromData < rho
                            ? "; the policy's nonBusinessMinShare " + pct(rho) + " is higher and applies"
                            : ""));
            rho = Math.max(rho, fromData);
        }
        boolean[] nb = new boolean[n];
        for (int i = 0; i < n; i++) {
            nb[i] = p.nonBusiness(t.member(i));
        }
        double all = 0;
        double nonBusiness = 0;
        for (int k = 0; k < a.length; k++) {
            all += a[k];
            if (nb[k % n]) {
                nonBusiness += a[k];
            }
        }
        double boost = nonBusiness > 0 ? rho * all / nonBusiness : 0;
        if (nonBusiness == 0 && rho > 0) {
            notes.add("CACER: no non-business member shared energy; the reserved " + pct(rho)
                    + " of the incentive is shared by all");
        }
        for (int k = 0; k < a.length; k++) {
            double w = nonBusiness > 0 ? (1 - rho) + (nb[k % n] ? boost : 0) : 1;
            value[k] = a[k] * tariff * w;
        }
        if (tariff == 0) {
            notes.add("CACER: incentiveEurPerKWh not set in the policy: values are 0");
        }
        String split = "; incentive " + fmt(tariff) + " EUR/kWh, " + pct(rho) + " reserved for non-business members";
        return (k, i) -> base.text(k, i) + split + (nb[i] ? " (non-business)" : " (business)");
    }

    private static Outcome fair(
            Method method,
            MeterTable t,
            AllocationPolicy p,
            Prices prices,
            double[] factor,
            Options o,
            List<String> notes,
            Map<String, Object> facts) {
        SavingsGame game = SavingsGame.of(t, factor, prices);
        int n = t.members();
        double[] v = game.intervalSavings();
        double savings = 0;
        for (double x : v) {
            savings += x;
        }
        facts.put("savings_EUR", savings);
        for (int k = 0; k < t.intervals(); k++) {
            if (prices.importAt(t.start(k)) < prices.exportAt(t.start(k))) {
                notes.add("the import price is below the export price in some intervals; the savings game "
                        + "assumes p_imp ≥ p_exp");
                break;
            }
        }
        double[] per;
        double[] share;
        double[] se = new double[n];
        double[] period = null;
        Outcome.Rule rule;
        switch (method) {
            case EQUAL -> {
                per = SimpleSharing.equal(game);
                share = SimpleSharing.totals(per, n);
                rule = (k, i) -> "equal: v_t(N)/n, v_t(N)=" + eur(v[k]);
            }
            case PROPORTIONAL -> {
                per = SimpleSharing.proportional(game);
                share = SimpleSharing.totals(per, n);
                rule = (k, i) -> "proportional: v_t(N)·|net_i|/Σ|net|, v_t(N)=" + eur(v[k]);
            }
            default -> {
                ShapleyResult r;
                if (n <= o.exactMaxMembers() && n <= ExactShapley.MAX_MEMBERS) {
                    r = ExactShapley.compute(game);
                    notes.add("Shapley value computed exactly over all 2^" + n + " coalitions");
                } else {
                    long t0 = System.nanoTime();
                    r = SampledShapley.compute(
                            game,
                            new SampledShapley.Budget(
                                    o.targetRelativeError(), o.maxMillis(), o.maxPermutations(), o.seed()));
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    notes.add(String.format(
                            Locale.ROOT,
                            "Shapley value sampled: %d permutations (antithetic pairs) "
                                    + "in %d ms; estimated error Σ SE_i / Σ |φ_i| = %.3f %% (target %.3f %%)",
                            r.permutations(),
                            ms,
                            100 * r.relativeError(),
                            100 * o.targetRelativeError()));
                    facts.put("permutations", r.permutations());
                    facts.put("relative_error", r.relativeError());
                    facts.put("target_relative_error", o.targetRelativeError());
                    facts.put("seed", o.seed());
                }
                facts.put("exact", r.exact());
                facts.put("mixed_intervals", r.mixedIntervals());
                per = r.perInterval();
                share = r.total();
                se = r.standardError();
                period = r.periodPart();
                if (period != null) {
                    notes.add("with more than " + ExactShapley.PER_INTERVAL_MAX + " members the coalition part of "
                            + "the Shapley value is one line per member for the whole period");
                }
                String how = r.exact() ? "exact" : "sampled";
                rule = (k, i) -> "shapley (" + how + "): φ_i = C({i}) − φ_i(C) of this interval's savings game, "
                        + "v_t(N)=" + eur(v[k]);
            }
        }
        return new Outcome(method, p, t, null, per, rule, share, se, period, notes, facts);
    }

    static String participation(double f) {
        return f == 1 ? "" : ", participation factor " + fmt(f) + " (ElWOG §16e)";
    }

    static String fmt(double x) {
        return String.format(Locale.ROOT, "%.4f", x);
    }

    static String kwh(double x) {
        return String.format(Locale.ROOT, "%.3f kWh", x);
    }

    static String eur(double x) {
        return String.format(Locale.ROOT, "%.4f EUR", x);
    }

    static String pct(double x) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * x);
    }

    private static double round(double x) {
        return Math.round(x * 1e6) / 1e6;
    }
}
