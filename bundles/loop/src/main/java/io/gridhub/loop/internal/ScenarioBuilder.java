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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Optimize stage's input: the community with the flow the measurements show but the forecasts do not (measured
 * headroom) as a load on its feeder that fades out, the forecasts per asset, the prices, the batteries from their
 * measured state of charge, the sessions of EVs and flexible loads, and the contract (connection limits, peak charge).
 */
final class ScenarioBuilder {
    /** The prefix of the asset id that stands for a feeder's unexplained flow in a scenario. */
    static final String UNEXPLAINED = "unexplained-";
    /** The longest asset id (the api's rule for topology ids). */
    private static final int MAX_ID = 64;
    /** Hex digits of the feeder id's hash in the id of a feeder whose id is too long to be kept whole. */
    private static final int HASH_DIGITS = 8;

    /**
     * The contract and battery defaults from configuration; limits of 0 mean none. {@code unexplainedFlowFade}: how
     * long the flow measured beyond the forecast is expected to last, fading linearly from all of it now to none.
     */
    record Contract(
            double connectionImportLimitW,
            double connectionExportLimitW,
            double peakChargeEurPerKw,
            Duration timeLimit,
            double socMin,
            double socMax,
            Map<String, String> sharedAssetFeeders,
            Duration unexplainedFlowFade) {}

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
        Map<String, Double> unexplained = unexplained(topo, now, forecasts, notes);
        Community c = topo.community();
        List<Asset> shared = new ArrayList<>(c.sharedAssets());
        Map<String, TimeSeries> fc = new HashMap<>(forecasts);
        Map<String, String> feeders = new HashMap<>();
        unexplained.forEach((feeder, w) -> {
            String id = unexplainedId(feeder);
            shared.add(new Asset(id, "flow measured beyond the forecast on " + feeder, AssetKind.LOAD, 0, 0));
            feeders.put(id, feeder);
            fc.put(id, fading(w, start, step, steps, contract.unexplainedFlowFade()));
        });
        Community community = new Community(c.id(), c.name(), c.members(), shared, c.feeders(), c.transformers());
        DispatchPolicy policy = new DispatchPolicy(
                limit(contract.connectionImportLimitW()),
                limit(contract.connectionExportLimitW()),
                contract.peakChargeEurPerKw(),
                contract.timeLimit());
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
                fc,
                prices.importPrice(),
                prices.exportPrice(),
                params,
                feeders,
                policy);
        return new Result(s, notes);
    }

    /**
     * The id of the load that stands for a feeder's unexplained flow: {@code unexplained-<feeder>}, or where that
     * would be longer than an asset id may be (a feeder id of more than 52 characters), the feeder id's first
     * characters, {@code -} and the first {@value #HASH_DIGITS} hex digits of its SHA-256, 64 characters in all: the
     * same feeder always gets the same id, two feeders alike in their first 43 characters different ones.
     */
    static String unexplainedId(String feeder) {
        String id = UNEXPLAINED + feeder;
        if (id.length() <= MAX_ID) {
            return id;
        }
        String hash = HexFormat.of().formatHex(sha256(feeder)).substring(0, HASH_DIGITS);
        return id.substring(0, MAX_ID - HASH_DIGITS - 1) + "-" + hash;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static double limit(double w) {
        return w > 0 ? w : Double.POSITIVE_INFINITY;
    }

    /**
     * The flow {@code w} measured now as a forecast: all of it for the first step, fading linearly to none after
     * {@code fade} (a zero fade: the first step only). A single reading says nothing about the hours after it: a
     * start-up transient must not narrow a feeder for the whole horizon.
     */
    static TimeSeries fading(double w, Instant start, Duration step, int steps, Duration fade) {
        double[] v = new double[steps];
        for (int t = 0; t < steps; t++) {
            double left = fade.isZero()
                    ? (t == 0 ? 1 : 0)
                    : 1 - (double) step.multipliedBy(t).toMillis() / fade.toMillis();
            v[t] = left > 0 ? w * left : 0;
        }
        return new TimeSeries(start, step, "W", start, v);
    }

    /**
     * Per feeder, the flow the meters show now beyond what the model explains (a load or generation it does not
     * know), W, + import: never more than 9/10 of the feeder's limit in that direction, so that a bad reading cannot
     * block the plan. The model explains the forecast assets' (loads, PV) forecasts for now and the planned assets'
     * (batteries, EV chargers, flexible loads) measured power: a member's battery or hot water running behind its
     * meter is not unexplained load, else each plan would narrow the next one's room against its own setpoints. A
     * shared asset's power is in the feeder flow ({@link Snapshot}) and in the model alike. A feeder on which a load
     * or PV has no forecast yet, or a meter has not been read yet, has none: what is unexplained cannot be told then
     * (at start, the whole load would be, and every plan would be infeasible). Flow within 2 % of the limit is none.
     */
    static Map<String, Double> unexplained(
            Topo topo, Snapshot now, Map<String, TimeSeries> forecasts, List<String> notes) {
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
        Map<String, Double> out = new TreeMap<>();
        for (Feeder f : c.feeders()) {
            Double measured = now.feederFlowW().get(f.id());
            if (measured == null || meters.getOrDefault(f.id(), 0) == 0) {
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
                continue;
            }
            double extra = measured - modelled.getOrDefault(f.id(), 0.0);
            if (extra > 0.02 * f.importLimitW()) {
                double w = Math.min(extra, 0.9 * f.importLimitW());
                out.put(f.id(), w);
                notes.add(String.format(
                        Locale.ROOT,
                        "feeder %s: %.0f W measured beyond the forecast, planned as a load of %.0f W now fading to "
                                + "none (import limit %.0f W)",
                        f.id(),
                        extra,
                        w,
                        f.importLimitW()));
            } else if (-extra > 0.02 * f.exportLimitW()) {
                double w = Math.max(extra, -0.9 * f.exportLimitW());
                out.put(f.id(), w);
                notes.add(String.format(
                        Locale.ROOT,
                        "feeder %s: %.0f W export measured beyond the forecast, planned as a generation of %.0f W now "
                                + "fading to none (export limit %.0f W)",
                        f.id(),
                        -extra,
                        -w,
                        f.exportLimitW()));
            }
        }
        return out;
    }
}
