package io.gridhub.drill;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridhub.drill.DrillCase.Instance;
import io.gridhub.drill.DrillCase.Load;
import io.gridhub.drill.DrillCase.MemberLoad;
import io.gridhub.drill.DrillEngine.SampleResult;
import io.gridhub.drill.DrillReport.ChargeStep;
import io.gridhub.drill.DrillReport.Figures;
import io.gridhub.drill.DrillReport.MemberFigures;
import io.gridhub.drill.DrillReport.PreCharge;
import io.gridhub.drill.DrillReport.Recommendation;
import io.gridhub.drill.DrillReport.ShedStep;
import io.gridhub.drill.DrillReport.Spread;
import io.gridhub.drill.DrillReport.Trajectory;
import io.gridhub.drill.DrillSpec.Event;
import io.gridhub.drill.DrillSpec.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * Turns a drill's samples into its report: the spreads, the deterministic trajectory, and the recommended response
 * (docs/drills.md, "Recommendation"): the reserve is the P90 over the samples of the energy the batteries must hold
 * at the outage's start to carry the critical loads to its end; the pre-charge plan buys what is missing in the
 * cheapest steps before the outage; the shed order is the priority order, with what each class lost.
 */
final class Recommender {
    private final DrillCase c;
    private final Method method;
    private final IslandSimulator island;

    Recommender(DrillCase c, Method method, IslandSimulator island) {
        this.c = c;
        this.method = method;
        this.island = island;
    }

    DrillReport report(
            Instance det,
            Outcome o,
            SampleResult d,
            List<SampleResult> samples,
            Double baseline,
            long elapsedMillis,
            boolean exhausted) {
        // With no sample done in the budget, the deterministic drill stands for them.
        List<SampleResult> s = samples.isEmpty() ? List.of(d) : samples;
        double window = (c.to - c.from) * c.dt;
        Figures community = new Figures(
                spread(s, SampleResult::survivalH),
                share(s, r -> r.survivalH() >= window - 1e-9),
                spread(s, SampleResult::criticalEnsKWh),
                spread(s, SampleResult::ensKWh),
                spread(s, SampleResult::costEur));
        List<MemberFigures> members = new ArrayList<>();
        for (int m = 0; m < c.members.size(); m++) {
            int i = m;
            MemberLoad ml = c.members.get(m);
            members.add(new MemberFigures(
                    ml.memberId(),
                    ml.cls().criticalW(),
                    ml.cls().criticalShare(),
                    ml.cls().shedPriority(),
                    spread(s, r -> r.memberSurvivalH()[i]),
                    share(s, r -> r.memberSurvivalH()[i] >= window - 1e-9),
                    spread(s, r -> r.memberCriticalEnsKWh()[i]),
                    spread(s, r -> r.memberEnsKWh()[i])));
        }
        List<String> events =
                c.spec.events().stream().map(Recommender::describe).toList();
        Recommendation rec = recommend(s, samples.size(), community, window, baseline);
        return new DrillReport(
                c.spec.id(),
                c.spec.description(),
                c.scenario.id(),
                c.scenario.community().id(),
                method == Method.LP ? "lp" : "merit-order",
                events,
                c.scenario.timeAt(c.from).toString(),
                c.scenario.timeAt(c.to).toString(),
                window,
                c.spec.runs(),
                samples.size(),
                elapsedMillis,
                exhausted,
                community,
                members,
                baseline,
                trajectory(det, o),
                rec,
                rec.reserveWh() == null ? null : proposal(rec.reserveWh()));
    }

    private Recommendation recommend(
            List<SampleResult> s, int done, Figures community, double window, Double baseline) {
        List<String> why = new ArrayList<>();
        why.add(String.format(
                Locale.ROOT,
                "%d of %d samples solved by the %s on %s%s; survival counts from %s for %.2f h.",
                done,
                c.spec.runs(),
                method == Method.LP ? "drill LP" : "island merit-order simulation",
                c.spec.uncertainty().none() ? "one deterministic forecast" : "forecasts drawn from their quantiles",
                done == 0 ? " (none within the time budget: the figures are the deterministic drill's)" : "",
                c.scenario.timeAt(c.from),
                window));
        why.add(String.format(
                Locale.ROOT,
                "Critical loads survive %.2f h (P10), %.2f h (P50), %.2f h (P90); the whole window in %.0f %% of "
                        + "samples; critical energy not served %.2f kWh (P50), %.2f kWh (P90).",
                community.survivalHours().p10(),
                community.survivalHours().p50(),
                community.survivalHours().p90(),
                100 * community.survivesWindowShare(),
                community.criticalNotServedKWh().p50(),
                community.criticalNotServedKWh().p90()));
        if (baseline != null) {
            why.add(String.format(
                    Locale.ROOT,
                    "The events cost %.2f EUR more than the same horizon without them (P50 %.2f EUR against %.2f EUR).",
                    community.costEur().p50() - baseline,
                    community.costEur().p50(),
                    baseline));
        }
        Double reserve = null;
        Double reserveShare = null;
        PreCharge pre = null;
        if (c.outageOnly) {
            double need = spread(s, SampleResult::reserveWh).p90();
            double usable = island.usableWh();
            reserve = Math.min(need, usable);
            reserveShare = usable > 0 ? reserve / usable : 0;
            if (need > usable + 1e-6) {
                why.add(String.format(
                        Locale.ROOT,
                        "Even full, the batteries (%.1f kWh usable) cannot carry the critical loads through the "
                                + "outage in 90 %% of samples: that needs %.1f kWh. Hold them full and shed "
                                + "critical loads by the order below, or add storage.",
                        usable / 1000,
                        need / 1000));
            } else {
                why.add(String.format(
                        Locale.ROOT,
                        "Hold at least %.2f kWh (%.0f %% of the usable %.1f kWh) in the batteries: with that, the "
                                + "critical loads last the whole outage in 90 %% of samples (PV counted as drawn).",
                        reserve / 1000,
                        100 * reserveShare,
                        usable / 1000));
            }
            pre = preCharge(reserve);
            why.add(pre.explanation());
        }
        List<ShedStep> order = shedOrder(s);
        order.forEach(st -> why.add(st.explanation()));
        return new Recommendation(reserve, reserveShare, pre, order, why);
    }

    /** Charges what the reserve lacks in the cheapest steps before the outage, at the batteries' charge power. */
    private PreCharge preCharge(double reserveWh) {
        double missing = reserveWh - island.storedNowWh();
        if (missing <= 1e-6) {
            return new PreCharge(
                    0,
                    List.of(),
                    0,
                    String.format(
                            Locale.ROOT,
                            "No pre-charge needed: the batteries hold %.2f kWh now, the reserve is %.2f kWh.",
                            island.storedNowWh() / 1000,
                            reserveWh / 1000));
        }
        double p = Math.min(island.maxChargeW(), c.scenario.policy().connectionImportLimitW());
        double perStep = p * c.dt * island.chargeEfficiency();
        Integer[] steps = IntStream.range(0, c.s0).boxed().toArray(Integer[]::new);
        Arrays.sort(
                steps,
                Comparator.comparingDouble((Integer k) -> c.importPriceBefore[k])
                        .thenComparing(k -> -k));
        List<Integer> chosen = new ArrayList<>();
        double left = missing;
        for (Integer k : steps) {
            if (left <= 1e-6 || perStep <= 0) {
                break;
            }
            chosen.add(k);
            left -= perStep;
        }
        chosen.sort(Comparator.naturalOrder());
        List<ChargeStep> plan = new ArrayList<>();
        double cost = 0;
        double toBuy = missing;
        for (int k : chosen) {
            double stored = Math.min(perStep, toBuy);
            double w = stored / (c.dt * island.chargeEfficiency());
            toBuy -= stored;
            cost += w * c.dt / 1000 * c.importPriceBefore[k];
            plan.add(new ChargeStep(c.scenario.timeAt(k).toString(), w, c.importPriceBefore[k]));
        }
        String text;
        if (c.s0 == 0) {
            text = String.format(
                    Locale.ROOT,
                    "The outage starts with the horizon: no time to pre-charge the missing %.2f kWh. Hold the "
                            + "reserve from now on.",
                    missing / 1000);
        } else if (left > 1e-6) {
            text = String.format(
                    Locale.ROOT,
                    "Pre-charge %.2f kWh before %s: the %d steps before it at the full charge power of %.1f kW give "
                            + "only %.2f kWh; start at once.",
                    missing / 1000,
                    c.scenario.timeAt(c.s0),
                    c.s0,
                    p / 1000,
                    (missing - left) / 1000);
        } else {
            text = String.format(
                    Locale.ROOT,
                    "Pre-charge %.2f kWh before the outage at %s in the %d cheapest steps before it (first at %s), "
                            + "%.2f EUR at import prices.",
                    missing / 1000,
                    c.scenario.timeAt(c.s0),
                    plan.size(),
                    plan.isEmpty() ? "-" : plan.get(0).time(),
                    cost);
        }
        return new PreCharge(missing, plan, cost, text);
    }

    private List<ShedStep> shedOrder(List<SampleResult> s) {
        TreeMap<Integer, List<String>> byPriority = new TreeMap<>();
        for (MemberLoad m : c.members) {
            byPriority
                    .computeIfAbsent(m.cls().shedPriority(), x -> new ArrayList<>())
                    .add(m.memberId());
        }
        List<String> critical = c.members.stream()
                .filter(m -> m.cls().criticalW() > 0 || m.cls().criticalShare() > 0)
                .map(MemberLoad::memberId)
                .toList();
        if (!critical.isEmpty()) {
            byPriority.put(DrillCase.CRITICAL, critical);
        }
        List<ShedStep> out = new ArrayList<>();
        int order = 1;
        for (var e : byPriority.entrySet()) {
            int p = e.getKey();
            double shedShare = share(s, r -> r.shedKWhByPriority()[p] > 1e-9);
            double[] firsts = s.stream()
                    .mapToDouble(r -> r.firstShedHByPriority()[p])
                    .filter(x -> !Double.isNaN(x))
                    .sorted()
                    .toArray();
            Double first = firsts.length == 0 ? null : percentile(firsts, 0.5);
            double kwh = spread(s, r -> r.shedKWhByPriority()[p]).p50();
            String name = p == DrillCase.CRITICAL ? "critical" : "priority " + p;
            String members = summarize(e.getValue());
            String text = shedShare == 0
                    ? String.format(
                            Locale.ROOT, "%d. %s (%s): never shed in this drill.", order, capital(name), members)
                    : String.format(
                            Locale.ROOT,
                            "%d. %s (%s): shed in %.0f %% of samples, from %.2f h (P50), %.2f kWh (P50)%s.",
                            order,
                            capital(name),
                            members,
                            100 * shedShare,
                            first == null ? 0 : first,
                            kwh,
                            p == DrillCase.CRITICAL ? ", only once every lower class is shed" : "");
            out.add(new ShedStep(order++, name, e.getValue(), shedShare, first, kwh, text));
        }
        return out;
    }

    private static String summarize(List<String> ids) {
        return ids.size() <= 6
                ? String.join(", ", ids)
                : String.join(", ", ids.subList(0, 5)) + " and " + (ids.size() - 5) + " more";
    }

    private static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** The recommended reserve as a governed dispatch-policy proposal's policy (docs/drills.md). */
    private ObjectNode proposal(double reserveWh) {
        String community = c.scenario.community().id();
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("id", "dispatch-policy-" + community);
        p.put("version", 1);
        p.put("kind", "dispatch-policy");
        p.put("community", community);
        if (Double.isFinite(c.scenario.policy().connectionImportLimitW())) {
            p.put("connectionImportLimitW", c.scenario.policy().connectionImportLimitW());
        }
        if (Double.isFinite(c.scenario.policy().connectionExportLimitW())) {
            p.put("connectionExportLimitW", c.scenario.policy().connectionExportLimitW());
        }
        p.put("batteryReserveWh", Math.ceil(reserveWh));
        p.put(
                "description",
                "battery reserve recommended by drill " + c.spec.id() + " (P90 of " + c.spec.runs() + " samples)");
        return p;
    }

    private Trajectory trajectory(Instance in, Outcome o) {
        int n = c.n;
        double[] pv = new double[n];
        double[] critServed = new double[n];
        double[] critShed = new double[n];
        double[] otherServed = new double[n];
        double[] otherShed = new double[n];
        for (int k = 0; k < n; k++) {
            pv[k] = in.pvAt(k);
        }
        for (int l = 0; l < in.loads().size(); l++) {
            Load load = in.loads().get(l);
            for (int k = 0; k < n; k++) {
                double served = o.servedW()[l][k];
                double shed = Math.max(0, load.w()[k] - served);
                if (load.critical()) {
                    critServed[k] += served;
                    critShed[k] += shed;
                } else {
                    otherServed[k] += served;
                    otherShed[k] += shed;
                }
            }
        }
        List<String> times =
                IntStream.range(0, n).mapToObj(k -> c.timeAt(k).toString()).toList();
        return new Trajectory(times, o.storedWh(), pv, o.gridW(), critServed, critShed, otherServed, otherShed);
    }

    static String describe(Event e) {
        String when = (e.from() == null ? "from the start" : "from " + e.from())
                + (e.duration() == null ? " to the end" : " for " + e.duration().toMinutes() / 60.0 + " h");
        return switch (e.type()) {
            case OUTAGE -> "grid outage (island) " + when;
            case CONTINGENCY ->
                String.format(Locale.ROOT, "limits at %.0f %% (%s) ", e.limitPercent(), targets(e)) + when;
            case PRICE_SPIKE ->
                (e.importEurPerKWh() != null
                                ? String.format(Locale.ROOT, "import price %.2f EUR/kWh ", e.importEurPerKWh())
                                : String.format(Locale.ROOT, "import price × %.2f ", e.priceFactor()))
                        + when;
            case DEVICE_LOSS -> "loss of " + String.join(", ", e.assets()) + " " + when;
        };
    }

    private static String targets(Event e) {
        List<String> t = new ArrayList<>();
        e.feeders().forEach(f -> t.add("feeder " + f));
        e.transformers().forEach(f -> t.add("transformer " + f));
        if (e.connection()) {
            t.add("the connection");
        }
        return t.isEmpty() ? "every feeder, transformer and the connection" : String.join(", ", t);
    }

    static Spread spread(List<SampleResult> s, ToDoubleFunction<SampleResult> f) {
        double[] v =
                s.stream().mapToDouble(f).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length == 0) {
            return new Spread(0, 0, 0, 0);
        }
        return new Spread(
                percentile(v, 0.1),
                percentile(v, 0.5),
                percentile(v, 0.9),
                Arrays.stream(v).average().orElse(0));
    }

    private static double share(List<SampleResult> s, Predicate<SampleResult> p) {
        return s.isEmpty() ? 0 : (double) s.stream().filter(p).count() / s.size();
    }

    /** Linear interpolation between order statistics of a sorted array. */
    static double percentile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
