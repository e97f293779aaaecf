package io.gridhub.dispatch.lp.internal;

import io.gridhub.api.dispatch.AssetParameters;
import io.gridhub.api.dispatch.BatteryParameters;
import io.gridhub.api.dispatch.DispatchPolicy;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Feeder;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.Site;
import io.gridhub.api.model.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Small scenarios written by hand: hourly steps from {@link #T0}, W and EUR/kWh. */
final class Fixture {
    static final Instant T0 = Instant.parse("2024-06-01T00:00:00Z");
    final int steps;
    final List<Feeder> feeders = new ArrayList<>();
    final List<Member> members = new ArrayList<>();
    final List<Asset> shared = new ArrayList<>();
    final Map<String, TimeSeries> forecasts = new HashMap<>();
    final List<AssetParameters> params = new ArrayList<>();
    double[] importPrice;
    double[] exportPrice;
    DispatchPolicy policy = DispatchPolicy.DEFAULT;

    Fixture(int steps) {
        this.steps = steps;
        importPrice = new double[steps];
        exportPrice = new double[steps];
    }

    static Instant at(int hour) {
        return T0.plus(Duration.ofHours(hour));
    }

    Fixture prices(double[] imp, double[] exp) {
        importPrice = imp;
        exportPrice = exp;
        return this;
    }

    Fixture feeder(String id, double importLimitW, double exportLimitW) {
        feeders.add(new Feeder(id, id, null, importLimitW, exportLimitW));
        return this;
    }

    Fixture member(String id, String feederId, Asset... assets) {
        members.add(new Member(id, id, null, List.of(new Site(id + "-site", null, feederId, List.of(assets))), null));
        return this;
    }

    Fixture forecast(String assetId, double... w) {
        forecasts.put(assetId, series("W", w));
        return this;
    }

    Fixture with(AssetParameters p) {
        params.add(p);
        return this;
    }

    static Asset asset(String id, AssetKind kind) {
        return new Asset(id, id, kind, 0, 0);
    }

    static BatteryParameters battery(String id, double powerW, double capWh, double eta, double init, double term) {
        return new BatteryParameters(id, powerW, powerW, capWh, 0, 1, init, term, eta, eta, 0);
    }

    TimeSeries series(String unit, double[] v) {
        return new TimeSeries(T0, Duration.ofHours(1), unit, T0, v);
    }

    Scenario scenario() {
        Community c = new Community("c", "c", members, shared, feeders, List.of());
        return new Scenario(
                "s",
                c,
                T0,
                Duration.ofHours(1),
                steps,
                forecasts,
                series("EUR/kWh", importPrice),
                series("EUR/kWh", exportPrice),
                params,
                Map.of(),
                policy);
    }
}
