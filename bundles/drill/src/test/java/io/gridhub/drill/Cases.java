package io.gridhub.drill;

import io.gridhub.api.dispatch.AssetParameters;
import io.gridhub.api.dispatch.BatteryParameters;
import io.gridhub.api.dispatch.DispatchPolicy;
import io.gridhub.api.dispatch.PvParameters;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Feeder;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.MemberType;
import io.gridhub.api.model.Site;
import io.gridhub.api.model.TimeSeries;
import io.gridhub.drill.DrillSpec.Event;
import io.gridhub.drill.DrillSpec.LoadClass;
import io.gridhub.drill.DrillSpec.Method;
import io.gridhub.drill.DrillSpec.Uncertainty;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Small scenarios built in code (the same hand cases as config/drills/hand-*.json). */
final class Cases {
    static final Instant START = Instant.parse("2026-01-15T00:00:00Z");
    static final Duration STEP = Duration.ofMinutes(15);
    static final int N = 96;

    private final List<Member> members = new ArrayList<>();
    private final List<Asset> shared = new ArrayList<>();
    private final List<Feeder> feeders = new ArrayList<>();
    private final Map<String, TimeSeries> forecasts = new HashMap<>();
    private final List<AssetParameters> params = new ArrayList<>();
    private final Map<String, String> sharedFeeders = new HashMap<>();
    private double[] importPrice = constant(0.30);
    private DispatchPolicy policy = DispatchPolicy.DEFAULT;

    static double[] constant(double v) {
        double[] a = new double[N];
        Arrays.fill(a, v);
        return a;
    }

    static TimeSeries series(double[] v) {
        return new TimeSeries(START, STEP, "W", START, v);
    }

    /** A member with a load, optional PV and optional battery, on a feeder (or none). */
    Cases member(String id, String feeder, double[] loadW, double[] pvW, BatteryParameters battery) {
        List<Asset> assets = new ArrayList<>();
        assets.add(new Asset(id + "-load", null, AssetKind.LOAD, 0, 0));
        forecasts.put(id + "-load", series(loadW));
        if (pvW != null) {
            assets.add(new Asset(id + "-pv", null, AssetKind.PV, 0, 0));
            forecasts.put(id + "-pv", series(pvW));
            params.add(new PvParameters(id + "-pv", true));
        }
        if (battery != null) {
            assets.add(new Asset(
                    battery.assetId(), null, AssetKind.BATTERY, battery.maxDischargeW(), battery.capacityWh()));
            params.add(battery);
        }
        members.add(new Member(
                id, null, MemberType.HOUSEHOLD, List.of(new Site(id + "-site", null, feeder, assets)), List.of()));
        return this;
    }

    Cases sharedBattery(BatteryParameters b, String feeder) {
        shared.add(new Asset(b.assetId(), null, AssetKind.BATTERY, b.maxDischargeW(), b.capacityWh()));
        params.add(b);
        if (feeder != null) {
            sharedFeeders.put(b.assetId(), feeder);
        }
        return this;
    }

    Cases feeder(String id, double importW, double exportW) {
        feeders.add(new Feeder(id, null, null, importW, exportW));
        return this;
    }

    Cases importPrice(double[] p) {
        this.importPrice = p;
        return this;
    }

    Cases connection(double importW, double exportW) {
        this.policy = new DispatchPolicy(importW, exportW, 0, Duration.ofSeconds(60));
        return this;
    }

    Scenario scenario(String id) {
        Community c = new Community(id, id, members, shared, feeders, List.of());
        return new Scenario(
                id,
                c,
                START,
                STEP,
                N,
                forecasts,
                new TimeSeries(START, STEP, "EUR/kWh", START, importPrice),
                new TimeSeries(START, STEP, "EUR/kWh", START, constant(0.05)),
                params,
                sharedFeeders,
                policy);
    }

    /** A lossless battery of {@code kWh} usable energy, full, 5 kW each way. */
    static BatteryParameters lossless(String id, double kWh) {
        return new BatteryParameters(id, 5000, 5000, kWh * 1000, 0, 1, 1, 1, 1, 1, 0);
    }

    static DrillSpec outage(String id, double hours, LoadClass def, Map<String, LoadClass> members, Method m) {
        return new DrillSpec(
                id,
                null,
                List.of(Event.outage(START, Duration.ofMinutes(Math.round(hours * 60)))),
                def,
                members,
                Uncertainty.NONE,
                20,
                1,
                Duration.ofSeconds(60),
                m);
    }

    /** The hand case: one home, a constant 1 kW critical load, a 10 kWh battery, PV as given. */
    static Scenario home(double[] pv) {
        return new Cases()
                .member("home", null, constant(1000), pv, lossless("home-bat", 10))
                .scenario("hand");
    }

    /** 2 kW of PV from 06:00 to 12:00. */
    static double[] morningPv() {
        double[] pv = new double[N];
        Arrays.fill(pv, 24, 48, 2000);
        return pv;
    }
}
