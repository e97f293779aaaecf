package io.gridhub.loop.internal;

import io.gridhub.api.dispatch.AssetParameters;
import io.gridhub.api.dispatch.BatteryParameters;
import io.gridhub.api.dispatch.DispatchPolicy;
import io.gridhub.api.dispatch.PvParameters;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Feeder;
import io.gridhub.api.model.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Optimize stage's input: the community with its feeder limits less the flow the measurements show but the
 * forecasts do not (measured headroom), the forecasts per asset, the prices, the batteries from their measured state
 * of charge, the sessions of EVs and flexible loads, and the contract (connection limits, peak charge).
 */
final class ScenarioBuilder {
    /** The contract and battery defaults from configuration; limits of 0 mean none. */
    record Contract(
            double connectionImportLimitW,
            double connectionExportLimitW,
            double peakChargeEurPerKw,
            Duration timeLimit,
            double socMin,
            double socMax,
            Map<String, String> sharedAssetFeeders) {}

    record Result(Scenario scenario, List<String> notes) {}

    private ScenarioBuilder() {}

    static Result build(
            Topo topo,
            Snapshot now,
            Instant start,
            Duration step,
            int steps,
            Map<String, TimeSeries> forecasts,
            PriceStage.Result prices,
            List<AssetParameters> sessions,
            Contract contract) {
        List<String> notes = new ArrayList<>();
        List<AssetParameters> params = new ArrayList<>();
        Set<String> withParams = new HashSet<>();
        for (AssetParameters s : sessions) {
            if (withParams.add(s.assetId())) {
                params.add(s);
            }
        }
        for (Topo.Placed p : topo.assets()) {
            Asset a = p.asset();
            if (a.kind() == AssetKind.PV && withParams.add(a.id())) {
                params.add(new PvParameters(a.id(), true));
            } else if (a.kind() == AssetKind.BATTERY && a.energyCapacityWh() > 0 && withParams.add(a.id())) {
                var socPct = now.value(topo.point(a.id(), "soc"));
                if (socPct.isEmpty()) {
                    notes.add(a.id() + " reports no state of charge: 50 % assumed");
                }
                double soc = Math.max(0, Math.min(1, socPct.orElse(50.0) / 100));
                params.add(new BatteryParameters(
                        a.id(),
                        a.ratedPowerW(),
                        a.ratedPowerW(),
                        a.energyCapacityWh(),
                        Math.min(contract.socMin(), soc),
                        Math.max(contract.socMax(), soc),
                        soc,
                        Math.min(soc, 0.5),
                        0.95,
                        0.95,
                        0.02));
            }
        }
        Community community = withHeadroom(topo, now, forecasts, notes);
        DispatchPolicy policy = new DispatchPolicy(
                limit(contract.connectionImportLimitW()),
                limit(contract.connectionExportLimitW()),
                contract.peakChargeEurPerKw(),
                contract.timeLimit());
        Map<String, String> feeders = new HashMap<>();
        contract.sharedAssetFeeders().forEach((asset, feeder) -> {
            if (community.sharedAssets().stream().anyMatch(a -> a.id().equals(asset))
                    && community.feeders().stream().anyMatch(f -> f.id().equals(feeder))) {
                feeders.put(asset, feeder);
            }
        });
        Scenario s = new Scenario(
                topo.id() + "-" + start,
                community,
                start,
                step,
                steps,
                forecasts,
                prices.importPrice(),
                prices.exportPrice(),
                params,
                feeders,
                policy);
        return new Result(s, notes);
    }

    private static double limit(double w) {
        return w > 0 ? w : Double.POSITIVE_INFINITY;
    }

    /**
     * Feeder limits less the flow the meters show now beyond what the model explains (a load or generation it does
     * not know): never below a tenth of the rating, so that a bad reading cannot block the plan. The model explains
     * the forecast assets' (loads, PV) forecasts for now and the planned assets' (batteries, EV chargers, flexible
     * loads) measured power: a member's battery or hot water running behind its meter is not unexplained load, else
     * each plan would narrow the next one's limit against its own setpoints. A shared asset's power is in the feeder
     * flow ({@link Snapshot}) and in the model alike. A feeder on which a load or PV has no forecast yet, or a meter
     * has not been read yet, keeps its configured limits: what is unexplained cannot be told then (at start, the
     * whole load would be, and the narrowed limit would make every plan infeasible).
     */
    static Community withHeadroom(Topo topo, Snapshot now, Map<String, TimeSeries> forecasts, List<String> notes) {
        Community c = topo.community();
        Map<String, Double> modelled = new HashMap<>();
        Map<String, Integer> meters = new HashMap<>();
        Map<String, Integer> unseen = new HashMap<>();
        Map<String, Integer> unforecast = new HashMap<>();
        for (Topo.Placed p : topo.assets()) {
            if (p.feederId() == null) {
                continue;
            }
            AssetKind kind = p.asset().kind();
            TimeSeries f = forecasts.get(p.asset().id());
            if (Topo.planned(kind)) {
                now.value(topo.point(p.asset().id(), "p"))
                        .ifPresent(w -> modelled.merge(p.feederId(), Envelope.importSign(kind) * w, Double::sum));
            } else if (f != null && f.size() > 0) {
                double v = f.value(0);
                modelled.merge(p.feederId(), kind == AssetKind.PV ? -v : v, Double::sum);
            } else if (kind == AssetKind.LOAD || kind == AssetKind.PV) {
                unforecast.merge(p.feederId(), 1, Integer::sum);
            }
            if (kind == AssetKind.METER) {
                boolean seen = now.value(topo.point(p.asset().id(), "p")).isPresent();
                meters.merge(p.feederId(), seen ? 1 : 0, Integer::sum);
                unseen.merge(p.feederId(), seen ? 0 : 1, Integer::sum);
            }
        }
        List<Feeder> feeders = new ArrayList<>();
        for (Feeder f : c.feeders()) {
            Double measured = now.feederFlowW().get(f.id());
            if (measured == null || meters.getOrDefault(f.id(), 0) == 0) {
                feeders.add(f);
                continue;
            }
            int missing = unforecast.getOrDefault(f.id(), 0);
            int silent = unseen.getOrDefault(f.id(), 0);
            if (missing > 0 || silent > 0) {
                // What the model cannot explain is not known yet (typically at start, before the first forecast
                // or before every meter answered): no narrowing on a guess.
                notes.add(String.format(
                        Locale.ROOT,
                        "feeder %s: its limits as configured (%d loads or PV without a forecast, %d meters not read "
                                + "yet: the flow beyond the forecast cannot be told)",
                        f.id(),
                        missing,
                        silent));
                feeders.add(f);
                continue;
            }
            double extra = measured - modelled.getOrDefault(f.id(), 0.0);
            double imp = f.importLimitW();
            double exp = f.exportLimitW();
            if (extra > 0.02 * imp) {
                imp = Math.max(0.1 * f.importLimitW(), imp - extra);
                notes.add(String.format(
                        Locale.ROOT,
                        "feeder %s: %.0f W measured beyond the forecast, import limit " + "%.0f W",
                        f.id(),
                        extra,
                        imp));
            } else if (-extra > 0.02 * exp) {
                exp = Math.max(0.1 * f.exportLimitW(), exp + extra);
                notes.add(String.format(
                        Locale.ROOT,
                        "feeder %s: %.0f W export measured beyond the forecast, export " + "limit %.0f W",
                        f.id(),
                        -extra,
                        exp));
            }
            feeders.add(new Feeder(f.id(), f.name(), f.transformerId(), imp, exp));
        }
        return new Community(c.id(), c.name(), c.members(), c.sharedAssets(), feeders, c.transformers());
    }
}
