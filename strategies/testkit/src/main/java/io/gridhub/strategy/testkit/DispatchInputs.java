package io.gridhub.strategy.testkit;

import static io.gridhub.strategy.testkit.SampleData.HALF_HOUR;

import io.gridhub.api.dispatch.AssetParameters;
import io.gridhub.api.dispatch.BatteryParameters;
import io.gridhub.api.dispatch.DispatchPolicy;
import io.gridhub.api.dispatch.EvParameters;
import io.gridhub.api.dispatch.PvParameters;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Feeder;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.Site;
import io.gridhub.api.model.TimeSeries;
import io.gridhub.api.model.Transformer;
import io.gridhub.strategy.testkit.SampleData.Season;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scenarios {@link DispatcherContract} runs. Realistic: a community of three homes (the sample home's load on
 * three days of the week, two with rooftop PV), two on feeder f1 and one on f2 under a 40 kVA transformer, a home
 * battery with parameters, one known only by its ratings, an EV session in the evening, a shared 20 kW / 40 kWh
 * battery and 30 kWp of shared PV on f2; a day at 30 minutes at the season's prices (import: the day-ahead price
 * plus 0.18 EUR/kWh of fees, export: the day-ahead price), in winter, in summer, and in summer with a feeder that can
 * export only 3 kW. Edge: one battery alone with no forecasts, zero power limits and zero connection limits, a single
 * step, no controllable asset, batteries at their state-of-charge bounds, an empty community.
 */
public final class DispatchInputs {
    private static final int DAY = 48;
    private static final Duration TIME_LIMIT = Duration.ofSeconds(20);
    /** Grid fees and taxes on top of the day-ahead price for imported energy. */
    private static final double FEES_EUR_PER_KWH = 0.18;

    private DispatchInputs() {}

    public static List<Case<Scenario>> realistic() {
        return List.of(
                new Case<>("three homes, winter day", community(Season.WINTER, 10_000)),
                new Case<>("three homes, summer day with negative prices", community(Season.SUMMER, 10_000)),
                new Case<>("three homes, summer, feeder f1 exports at most 3 kW", community(Season.SUMMER, 3000)));
    }

    public static List<Case<Scenario>> edge() {
        Instant t0 = SampleData.homeLoadW(Season.WINTER).start();
        Asset battery = new Asset("b1", null, AssetKind.BATTERY, 5000, 10_000);
        Community alone = community("alone", List.of(battery), null, List.of(), List.of());
        BatteryParameters zero = new BatteryParameters("b1", 0, 0, 10_000, 0.1, 0.9, 0.5, 0.5, 0.95, 0.95, 0.02);
        BatteryParameters empty = new BatteryParameters("b1", 5000, 5000, 10_000, 0.1, 0.9, 0.1, 0.1, 0.95, 0.95, 0);
        BatteryParameters full = new BatteryParameters("b1", 5000, 5000, 10_000, 0.1, 0.9, 0.9, 0.5, 0.95, 0.95, 0);
        DispatchPolicy closed = new DispatchPolicy(0, 0, 0, TIME_LIMIT);
        Asset load = new Asset("l1", null, AssetKind.LOAD, 0, 0);
        Asset pv = new Asset("pv1", null, AssetKind.PV, 5000, 0);
        Community passive = community("passive", List.of(load, pv), null, List.of(), List.of());
        Map<String, TimeSeries> passiveForecasts = Map.of(
                "l1", SampleData.slice(SampleData.homeLoadW(Season.SUMMER), 0, DAY, t0),
                "pv1", SampleData.slice(SampleData.homePvW(Season.SUMMER), 0, DAY, t0));
        Community withLoad = community("closed", List.of(load, battery), null, List.of(), List.of());
        Map<String, TimeSeries> loadOnly = Map.of("l1", passiveForecasts.get("l1"));
        Community none = new Community("empty", null, List.of(), List.of(), List.of(), List.of());
        return List.of(
                new Case<>("one battery, no forecasts", scenario("alone", alone, t0, DAY, Map.of(), List.of(), null)),
                new Case<>(
                        "battery with zero power limits",
                        scenario("zero-power", alone, t0, DAY, Map.of(), List.of(zero), null)),
                new Case<>(
                        "zero connection limits",
                        scenario("zero-connection", withLoad, t0, DAY, loadOnly, List.of(), closed)),
                new Case<>("a single step", scenario("one-step", withLoad, t0, 1, loadOnly, List.of(), null)),
                new Case<>(
                        "no controllable asset",
                        scenario("passive", passive, t0, DAY, passiveForecasts, List.of(), null)),
                new Case<>(
                        "battery at its minimum state of charge",
                        scenario("empty-battery", withLoad, t0, DAY, loadOnly, List.of(empty), null)),
                new Case<>(
                        "battery at its maximum state of charge",
                        scenario("full-battery", withLoad, t0, DAY, loadOnly, List.of(full), null)),
                new Case<>("an empty community", scenario("empty", none, t0, DAY, Map.of(), List.of(), null)));
    }

    private static Scenario community(Season season, double f1ExportW) {
        TimeSeries load = SampleData.homeLoadW(season);
        TimeSeries pv = SampleData.homePvW(season);
        Instant t0 = load.timeAt(DAY);
        List<Member> members = List.of(
                home(
                        "h1",
                        "f1",
                        List.of(
                                new Asset("h1-load", null, AssetKind.LOAD, 0, 0),
                                new Asset("h1-pv", null, AssetKind.PV, 5000, 0),
                                new Asset("h1-battery", null, AssetKind.BATTERY, 5000, 10_000))),
                home(
                        "h2",
                        "f1",
                        List.of(
                                new Asset("h2-load", null, AssetKind.LOAD, 0, 0),
                                new Asset("h2-battery", null, AssetKind.BATTERY, 3300, 6500))),
                home(
                        "h3",
                        "f2",
                        List.of(
                                new Asset("h3-load", null, AssetKind.LOAD, 0, 0),
                                new Asset("h3-pv", null, AssetKind.PV, 6000, 0),
                                new Asset("h3-ev", null, AssetKind.EV_CHARGER, 11_000, 0))));
        Community c = new Community(
                "contract",
                null,
                members,
                List.of(
                        new Asset("shared-battery", null, AssetKind.BATTERY, 20_000, 40_000),
                        new Asset("shared-pv", null, AssetKind.PV, 30_000, 0)),
                List.of(new Feeder("f1", null, "t1", 15_000, f1ExportW), new Feeder("f2", null, "t1", 25_000, 25_000)),
                List.of(new Transformer("t1", null, 40_000)));
        Map<String, TimeSeries> forecasts = new HashMap<>();
        forecasts.put("h1-load", SampleData.slice(load, DAY, DAY, t0));
        forecasts.put("h2-load", SampleData.slice(load, 2 * DAY, DAY, t0));
        forecasts.put("h3-load", SampleData.slice(load, 3 * DAY, DAY, t0));
        // The sample home has 1.7 kWp: scaled to 4 kWp, 3.5 kWp and 30 kWp.
        forecasts.put("h1-pv", SampleData.scaled(SampleData.slice(pv, DAY, DAY, t0), 4 / 1.7));
        forecasts.put("h3-pv", SampleData.scaled(SampleData.slice(pv, 2 * DAY, DAY, t0), 3.5 / 1.7));
        forecasts.put("shared-pv", SampleData.scaled(SampleData.slice(pv, DAY, DAY, t0), 30 / 1.7));
        List<AssetParameters> params = List.of(
                new BatteryParameters("h1-battery", 5000, 5000, 10_000, 0.1, 0.9, 0.4, 0.3, 0.95, 0.95, 0.02),
                new BatteryParameters("shared-battery", 20_000, 20_000, 40_000, 0.05, 0.95, 0.5, 0.5, 0.96, 0.96, 0.01),
                new PvParameters("h1-pv", true),
                new PvParameters("shared-pv", true),
                new EvParameters("h3-ev", t0.plus(Duration.ofHours(17)), t0.plus(Duration.ofHours(23)), 7000, 7400, 0));
        DispatchPolicy policy = new DispatchPolicy(35_000, 30_000, 0, TIME_LIMIT);
        String id = "contract-" + season.name().toLowerCase(Locale.ROOT);
        Map<String, String> shared = Map.of("shared-battery", "f2", "shared-pv", "f2");
        return scenario(id, c, t0, DAY, forecasts, params, shared, policy, season);
    }

    private static Member home(String id, String feeder, List<Asset> assets) {
        return new Member(id, null, null, List.of(new Site(id + "-site", null, feeder, assets)), List.of());
    }

    private static Community community(
            String id, List<Asset> assets, String feeder, List<Feeder> feeders, List<Transformer> transformers) {
        return new Community(id, null, List.of(home("m1", feeder, assets)), List.of(), feeders, transformers);
    }

    /** A scenario at the season's prices: each hour's price (from the season's second day) on its two half hours. */
    private static Scenario scenario(
            String id,
            Community c,
            Instant t0,
            int steps,
            Map<String, TimeSeries> forecasts,
            List<AssetParameters> params,
            Map<String, String> sharedAssetFeeders,
            DispatchPolicy policy,
            Season season) {
        TimeSeries dayAhead = SampleData.dayAheadEurPerKWh(season);
        double[] imp = new double[steps];
        double[] exp = new double[steps];
        for (int i = 0; i < steps; i++) {
            exp[i] = dayAhead.value(24 + i / 2);
            imp[i] = exp[i] + FEES_EUR_PER_KWH;
        }
        TimeSeries importPrice = new TimeSeries(t0, HALF_HOUR, "EUR/kWh", t0, imp);
        TimeSeries exportPrice = new TimeSeries(t0, HALF_HOUR, "EUR/kWh", t0, exp);
        return new Scenario(
                id, c, t0, HALF_HOUR, steps, forecasts, importPrice, exportPrice, params, sharedAssetFeeders, policy);
    }

    private static Scenario scenario(
            String id,
            Community c,
            Instant t0,
            int steps,
            Map<String, TimeSeries> forecasts,
            List<AssetParameters> params,
            DispatchPolicy policy) {
        return scenario(id, c, t0, steps, forecasts, params, Map.of(), policy, Season.WINTER);
    }
}
