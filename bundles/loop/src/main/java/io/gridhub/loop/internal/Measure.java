package io.gridhub.loop.internal;

import io.gridhub.api.loop.IntervalPerformance;
import io.gridhub.api.loop.PlanPerformance;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.AssetSchedule;
import io.gridhub.api.model.Direction;
import io.gridhub.api.model.PointId;
import io.gridhub.api.store.Bucket;
import io.gridhub.api.store.StoreException;
import io.gridhub.api.store.TimeSeriesStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Measure stage: each completed (and the current) step of a plan, planned against measured from the store's
 * interval averages: per scheduled asset, and for the community's net import at its connection (members' meters
 * less what shared batteries deliver, plus what shared consuming assets draw). The baseline is what the community
 * would have imported without the hub's setpoints: the measured import plus what the scheduled batteries delivered
 * (a consuming asset's draw stays in it: see {@link #delivered}). Costs use the plan's own prices.
 */
final class Measure {
    private Measure() {}

    static PlanPerformance of(PlanRecord p, Topo topo, TimeSeriesStore store, Instant now) throws StoreException {
        var plan = p.plan;
        int upTo = (int) Math.min(
                plan.steps(),
                Math.max(
                        0,
                        Math.floorDiv(
                                        now.toEpochMilli() - plan.start().toEpochMilli(),
                                        plan.step().toMillis())
                                + 1));
        Map<String, Topo.Placed> placed = topo.byId();
        Map<String, double[]> measured = new HashMap<>();
        List<AssetSchedule> scheduled =
                plan.schedules().stream().filter(s -> s.setpoint() != null).toList();
        for (AssetSchedule s : scheduled) {
            measured.put(s.assetId(), averages(store, topo.point(s.assetId(), "p"), plan.start(), plan.step(), upTo));
        }
        double[] imp = new double[upTo];
        boolean[] anyMeter = new boolean[upTo];
        for (Topo.Placed a : topo.assets()) {
            boolean meter = a.asset().kind() == AssetKind.METER;
            if (!meter && !(a.shared() && Topo.planned(a.asset().kind()))) {
                continue;
            }
            double sign = meter ? 1 : Envelope.importSign(a.asset().kind());
            double[] v = measured.containsKey(a.asset().id())
                    ? measured.get(a.asset().id())
                    : averages(store, topo.point(a.asset().id(), "p"), plan.start(), plan.step(), upTo);
            for (int i = 0; i < upTo; i++) {
                if (!Double.isNaN(v[i])) {
                    imp[i] += sign * v[i];
                    anyMeter[i] |= meter;
                }
            }
        }
        double[] plannedGrid = plan.explanation().series().get("grid.W");
        List<IntervalPerformance> out = new ArrayList<>();
        double plannedCost = 0;
        double realised = 0;
        double baseline = 0;
        int n = 0;
        double h = plan.step().toMillis() / 3_600_000.0;
        for (int i = 0; i < upTo; i++) {
            Map<String, Double> pw = new HashMap<>();
            Map<String, Double> mw = new HashMap<>();
            double delivered = 0;
            for (AssetSchedule s : scheduled) {
                pw.put(s.assetId(), s.setpointsW()[i]);
                double m = measured.get(s.assetId())[i];
                if (!Double.isNaN(m)) {
                    mw.put(s.assetId(), m);
                    delivered += delivered(kindOf(placed, s.assetId()), m);
                }
            }
            double pg = plannedGrid != null && i < plannedGrid.length ? plannedGrid[i] : Double.NaN;
            double pc = cost(pg, i, p, h);
            Double mi = anyMeter[i] ? imp[i] : null;
            Double bi = mi == null ? null : mi + delivered;
            Double rc = mi == null ? null : cost(mi, i, p, h);
            Double bc = bi == null ? null : cost(bi, i, p, h);
            out.add(new IntervalPerformance(
                    plan.start().plus(plan.step().multipliedBy(i)),
                    pw,
                    mw,
                    Double.isNaN(pg) ? 0 : pg,
                    mi,
                    bi,
                    Double.isNaN(pc) ? 0 : pc,
                    rc,
                    bc));
            if (rc != null && !Double.isNaN(pc)) {
                plannedCost += pc;
                realised += rc;
                baseline += bc;
                n++;
            }
        }
        return new PlanPerformance(plan.id(), p.community, now, out, n, plannedCost, realised, baseline);
    }

    /**
     * What a scheduled asset's measured power added to the community's supply, as far as the baseline goes without
     * it: a battery's discharge (or charge, negative). An asset that only consumes (EV, hot water) would have drawn
     * its energy without the hub as well, only at other times: its draw stays in the baseline (shifting it in time
     * is not credited as a saving).
     */
    static double delivered(AssetKind kind, double measuredW) {
        return kind.powerDirection() == Direction.CONSUMPTION_POSITIVE ? 0 : -Envelope.importSign(kind) * measuredW;
    }

    private static AssetKind kindOf(Map<String, Topo.Placed> placed, String assetId) {
        Topo.Placed a = placed.get(assetId);
        return a == null ? AssetKind.BATTERY : a.asset().kind();
    }

    /** EUR for a step at a net import (W, − export) and the plan's prices. */
    static double cost(double importW, int step, PlanRecord p, double hours) {
        if (Double.isNaN(importW) || step >= p.importPrice.size()) {
            return Double.NaN;
        }
        double kWh = importW / 1000 * hours;
        return kWh >= 0 ? kWh * p.importPrice.value(step) : kWh * p.exportPrice.value(step);
    }

    /** The point's average in each of {@code n} steps from {@code start}; NaN where nothing was measured. */
    static double[] averages(TimeSeriesStore store, PointId point, Instant start, Duration step, int n)
            throws StoreException {
        double[] v = new double[n];
        Arrays.fill(v, Double.NaN);
        if (n == 0) {
            return v;
        }
        for (Bucket b : store.aggregate(point, start, start.plus(step.multipliedBy(n)), step)) {
            int i = (int) ((b.start().toEpochMilli() - start.toEpochMilli()) / step.toMillis());
            if (i >= 0 && i < n && b.count() > 0) {
                v[i] = b.avg();
            }
        }
        return v;
    }
}
