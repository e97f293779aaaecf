package io.gridhub.drill;

import io.gridhub.api.dispatch.BatteryParameters;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.dispatch.common.ScenarioView;
import io.gridhub.dispatch.common.ScenarioView.FeederLimits;
import io.gridhub.dispatch.common.ScenarioView.Node;
import io.gridhub.dispatch.common.ScenarioView.Pv;
import io.gridhub.dispatch.common.ScenarioView.TransformerLimits;
import io.gridhub.drill.DrillSpec.Event;
import io.gridhub.drill.DrillSpec.EventType;
import io.gridhub.drill.DrillSpec.LoadClass;
import io.gridhub.drill.DrillSpec.Quantiles;
import io.gridhub.drill.DrillSpec.Uncertainty;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A drill resolved on a scenario through the dispatch model's {@link ScenarioView}: the steps it solves, per step the
 * grid it may use (no exchange while islanded; limits scaled in a contingency; spiked prices), the members' loads
 * (to split into critical and sheddable parts), PV sources and batteries with their availability. EV sessions and
 * flexible loads with a window are deferred for the drill (neither served nor counted as not served). All PV counts
 * as curtailable. Powers in W, energies in Wh.
 */
public final class DrillCase {
    /** The priority of critical loads: above every shed priority. */
    public static final int CRITICAL = DrillSpec.MAX_PRIORITY + 1;

    /** A member's (or the shared assets') load on a feeder, with how it splits. */
    record MemberLoad(String memberId, String feederId, double[] loadW, LoadClass cls) {}

    /** A PV source; {@code w} is zero where the source is lost. */
    record Source(String id, String feederId, double[] w) {}

    /** A battery as the drill sees it; {@code available[k]} false where it is lost. */
    record Store(
            String id,
            String feederId,
            double minWh,
            double maxWh,
            double initWh,
            double maxChargeW,
            double maxDischargeW,
            double etaC,
            double etaD,
            boolean[] available) {}

    /** A load the solvers serve or shed: one member's critical part or its sheddable part. */
    public record Load(String id, String memberId, String feederId, int priority, double[] w) {
        public boolean critical() {
            return priority == CRITICAL;
        }
    }

    /** A feeder's per-step limits (W) and the transformer it hangs off. */
    record FeederStep(String id, String transformerId, double[] importW, double[] exportW) {}

    final Scenario scenario;
    final DrillSpec spec;
    /** The first step solved and one past the last (of the scenario's horizon). */
    final int s0;

    final int s1;
    /** The first step of the drill's events (survival counts from here) and one past the last. */
    final int from;

    final int to;

    final int n;
    final double dt;
    final boolean[] island;
    final double[] importPrice;
    final double[] exportPrice;
    final double[] importLimitW;
    final double[] exportLimitW;
    final List<FeederStep> feeders = new ArrayList<>();
    final Map<String, double[]> transformerW = new LinkedHashMap<>();
    final List<MemberLoad> members = new ArrayList<>();
    final List<Source> pv = new ArrayList<>();
    final List<Store> stores = new ArrayList<>();
    /** Whether the drill is an outage alone (and device losses): the island merit-order simulation is exact. */
    final boolean outageOnly;
    /** The import price per step of the whole horizon before the solved steps (for a pre-charge plan). */
    final double[] importPriceBefore;

    private DrillCase(Scenario sc, DrillSpec spec) {
        this.scenario = sc;
        this.spec = spec;
        ScenarioView v = new ScenarioView(sc);
        int total = v.steps;
        this.dt = v.dtHours;
        int first = total;
        int last = 0;
        boolean onlyOutage = !spec.events().isEmpty();
        boolean anyOutage = false;
        for (Event e : spec.events()) {
            int[] r = range(sc, e);
            first = Math.min(first, r[0]);
            last = Math.max(last, r[1]);
            anyOutage |= e.type() == EventType.OUTAGE;
            onlyOutage &= e.type() == EventType.OUTAGE || e.type() == EventType.DEVICE_LOSS;
        }
        if (spec.events().isEmpty()) {
            first = 0;
            last = total;
        }
        if (first >= last) {
            throw new IllegalArgumentException("drill " + spec.id() + ": its events lie outside the scenario's "
                    + "horizon " + sc.start() + " … " + sc.end());
        }
        this.outageOnly = onlyOutage && anyOutage && islandContiguous(sc, spec, first, last);
        this.from = first;
        this.to = last;
        // An outage drill solves its window from the state now; any other drill the whole horizon.
        this.s0 = outageOnly ? first : 0;
        this.s1 = outageOnly ? last : total;
        this.n = s1 - s0;
        this.importPriceBefore = Arrays.copyOf(v.importPrice, s0);
        this.island = new boolean[n];
        this.importPrice = Arrays.copyOfRange(v.importPrice, s0, s1);
        this.exportPrice = Arrays.copyOfRange(v.exportPrice, s0, s1);
        this.importLimitW = new double[n];
        this.exportLimitW = new double[n];
        Arrays.fill(importLimitW, sc.policy().connectionImportLimitW());
        Arrays.fill(exportLimitW, sc.policy().connectionExportLimitW());
        for (FeederLimits f : v.feeders.values()) {
            double[] imp = new double[n];
            double[] exp = new double[n];
            Arrays.fill(imp, f.importLimitW());
            Arrays.fill(exp, f.exportLimitW());
            feeders.add(new FeederStep(f.id(), f.transformerId(), imp, exp));
        }
        for (TransformerLimits t : v.transformers.values()) {
            double[] r = new double[n];
            Arrays.fill(r, t.ratingW());
            transformerW.put(t.id(), r);
        }
        Set<String> lostSomewhere = new HashSet<>();
        Map<String, boolean[]> lost = new LinkedHashMap<>();
        for (Event e : spec.events()) {
            apply(sc, e, lost);
            lostSomewhere.addAll(e.assets());
        }
        Set<String> known = new HashSet<>();
        for (Node node : v.nodes) {
            String member = node.memberId() == null ? node.id() : node.memberId();
            boolean anyLoad = Arrays.stream(node.fixedLoadW()).anyMatch(x -> x > 0);
            if (node.memberId() != null || anyLoad) {
                members.add(new MemberLoad(
                        member, node.feederId(), Arrays.copyOfRange(node.fixedLoadW(), s0, s1), spec.loadsOf(member)));
            }
            for (Pv p : node.pv()) {
                known.add(p.id());
                double[] w = Arrays.copyOfRange(p.forecastW(), s0, s1);
                boolean[] gone = lost.get(p.id());
                for (int k = 0; k < n; k++) {
                    w[k] = gone != null && gone[k] ? 0 : Math.max(0, w[k]);
                }
                pv.add(new Source(p.id(), node.feederId(), w));
            }
            for (var b : node.batteries()) {
                known.add(b.id());
                BatteryParameters p = b.p();
                boolean[] avail = new boolean[n];
                boolean[] gone = lost.get(b.id());
                for (int k = 0; k < n; k++) {
                    avail[k] = gone == null || !gone[k];
                }
                stores.add(new Store(
                        b.id(),
                        node.feederId(),
                        p.socMin() * p.capacityWh(),
                        p.socMax() * p.capacityWh(),
                        p.socInitial() * p.capacityWh(),
                        p.maxChargeW(),
                        p.maxDischargeW(),
                        p.chargeEfficiency(),
                        p.dischargeEfficiency(),
                        avail));
            }
        }
        sc.community().members().forEach(m -> m.sites().forEach(s -> s.assets().forEach(a -> known.add(a.id()))));
        sc.community().sharedAssets().forEach(a -> known.add(a.id()));
        for (String id : lostSomewhere) {
            if (!known.contains(id)) {
                throw new IllegalArgumentException("drill " + spec.id() + ": device loss names unknown asset " + id);
            }
        }
        for (var q : spec.uncertainty().quantiles().entrySet()) {
            boolean isMember = members.stream().anyMatch(x -> x.memberId().equals(q.getKey()));
            boolean isPv = pv.stream().anyMatch(x -> x.id().equals(q.getKey()));
            if (!isMember && !isPv) {
                throw new IllegalArgumentException(
                        "drill " + spec.id() + ": quantiles name " + q.getKey() + ", neither a member nor a PV asset");
            }
            if (q.getValue().p10().length < total || q.getValue().p90().length < total) {
                throw new IllegalArgumentException("drill " + spec.id() + ": quantiles of " + q.getKey() + " have "
                        + Math.min(q.getValue().p10().length, q.getValue().p90().length) + " values, " + total
                        + " needed (one per step of the scenario)");
            }
        }
        for (String m : spec.memberLoads().keySet()) {
            if (members.stream().noneMatch(x -> x.memberId().equals(m))) {
                throw new IllegalArgumentException("drill " + spec.id() + ": loads name unknown member " + m);
            }
        }
    }

    /** Resolves a drill on a scenario; an unusable combination is an {@link IllegalArgumentException}. */
    public static DrillCase of(Scenario sc, DrillSpec spec) {
        return new DrillCase(sc, spec);
    }

    /** An event's steps {@code [from, to)} of the horizon. */
    private static int[] range(Scenario sc, Event e) {
        Instant a = e.from() == null ? sc.start() : e.from();
        Instant b = e.duration() == null ? sc.end() : a.plus(e.duration());
        long step = sc.step().toMillis();
        int from = (int) Math.max(
                0,
                Math.min(
                        sc.steps(),
                        Math.floorDiv(Duration.between(sc.start(), a).toMillis(), step)));
        int to = (int) Math.max(
                0,
                Math.min(
                        sc.steps(),
                        Math.floorDiv(Duration.between(sc.start(), b).toMillis() + step - 1, step)));
        return new int[] {from, to};
    }

    /** Whether the outages cover the drill's window without a gap (then it is one island from start to end). */
    private static boolean islandContiguous(Scenario sc, DrillSpec spec, int first, int last) {
        boolean[] on = new boolean[sc.steps()];
        for (Event e : spec.events()) {
            if (e.type() == EventType.OUTAGE) {
                int[] r = range(sc, e);
                Arrays.fill(on, r[0], r[1], true);
            }
        }
        for (int t = first; t < last; t++) {
            if (!on[t]) {
                return false;
            }
        }
        return true;
    }

    private void apply(Scenario sc, Event e, Map<String, boolean[]> lost) {
        int[] r = range(sc, e);
        int a = Math.max(r[0], s0) - s0;
        int b = Math.min(r[1], s1) - s0;
        double f = e.limitPercent() / 100;
        for (int k = a; k < b; k++) {
            switch (e.type()) {
                case OUTAGE -> {
                    island[k] = true;
                    importLimitW[k] = 0;
                    exportLimitW[k] = 0;
                }
                case CONTINGENCY -> contingency(e, k, f);
                case PRICE_SPIKE ->
                    importPrice[k] =
                            e.importEurPerKWh() != null ? e.importEurPerKWh() : importPrice[k] * e.priceFactor();
                case DEVICE_LOSS -> {
                    for (String id : e.assets()) {
                        lost.computeIfAbsent(id, x -> new boolean[n])[k] = true;
                    }
                }
            }
        }
    }

    private void contingency(Event e, int k, double f) {
        boolean all = e.feeders().isEmpty() && e.transformers().isEmpty() && !e.connection();
        for (FeederStep fs : feedersNamed(e, all)) {
            fs.importW()[k] *= f;
            fs.exportW()[k] *= f;
        }
        for (String t : e.transformers()) {
            if (!transformerW.containsKey(t)) {
                throw new IllegalArgumentException(
                        "drill " + spec.id() + ": contingency names unknown transformer " + t);
            }
        }
        transformerW.forEach((t, w) -> {
            if (all || e.transformers().contains(t)) {
                w[k] *= f;
            }
        });
        if (all || e.connection()) {
            importLimitW[k] *= f;
            exportLimitW[k] *= f;
        }
    }

    private List<FeederStep> feedersNamed(Event e, boolean all) {
        if (all) {
            return feeders;
        }
        List<FeederStep> out = new ArrayList<>();
        for (String id : e.feeders()) {
            out.add(feeders.stream()
                    .filter(f -> f.id().equals(id))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "drill " + spec.id() + ": contingency names unknown feeder " + id)));
        }
        return out;
    }

    /** The start of solved step {@code k}. */
    Instant timeAt(int k) {
        return scenario.timeAt(s0 + k);
    }

    /**
     * The loads and PV of one sample: forecasts moved by one standard-normal draw per member load and PV source;
     * with {@code random} null the forecasts themselves (the deterministic drill).
     */
    Instance sample(Random random) {
        Uncertainty u = random == null ? Uncertainty.NONE : spec.uncertainty();
        List<Load> loads = new ArrayList<>();
        List<Load> sheddable = new ArrayList<>();
        for (MemberLoad m : members) {
            double[] w = u.none()
                    ? m.loadW()
                    : perturb(m.loadW(), u.quantiles().get(m.memberId()), u.loadSpread(), random.nextGaussian());
            double[] crit = new double[n];
            double[] rest = new double[n];
            for (int k = 0; k < n; k++) {
                double x = Math.max(0, w[k]);
                crit[k] = m.cls().critical(x);
                rest[k] = x - crit[k];
            }
            if (Arrays.stream(crit).anyMatch(x -> x > 0)) {
                loads.add(new Load(m.memberId() + ":critical", m.memberId(), m.feederId(), CRITICAL, crit));
            }
            if (Arrays.stream(rest).anyMatch(x -> x > 0)) {
                sheddable.add(new Load(
                        m.memberId(), m.memberId(), m.feederId(), m.cls().shedPriority(), rest));
            }
        }
        loads.addAll(sheddable);
        List<Source> sources = new ArrayList<>();
        for (Source s : pv) {
            sources.add(
                    u.none()
                            ? s
                            : new Source(
                                    s.id(),
                                    s.feederId(),
                                    perturb(s.w(), u.quantiles().get(s.id()), u.pvSpread(), random.nextGaussian())));
        }
        return new Instance(this, loads, sources);
    }

    /**
     * One draw of a forecast: {@code p50 + z × (p90 − p10) / 2.563} (the normal's P10…P90 width), with the
     * quantiles given or {@code p50 × (1 ± spread)}; never below 0.
     */
    private double[] perturb(double[] p50, Quantiles q, double spread, double z) {
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
            double width = q != null ? q.p90()[s0 + k] - q.p10()[s0 + k] : 2 * spread * p50[k];
            out[k] = Math.max(0, p50[k] + z * width / 2.5631);
        }
        return out;
    }

    /** What one sample's solvers see. */
    record Instance(DrillCase c, List<Load> loads, List<Source> pv) {
        double pvAt(int k) {
            double s = 0;
            for (Source p : pv) {
                s += p.w()[k];
            }
            return s;
        }
    }
}
