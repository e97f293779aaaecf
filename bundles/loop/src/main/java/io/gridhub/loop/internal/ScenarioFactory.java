package io.gridhub.loop.internal;

import io.gridhub.api.dispatch.AssetParameters;
import io.gridhub.api.dispatch.BatteryParameters;
import io.gridhub.api.dispatch.DispatchPolicy;
import io.gridhub.api.dispatch.PvParameters;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Site;
import io.gridhub.api.model.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A dispatch scenario for a community from its topology and latest values, until forecasting lands: loads held
 * at their latest value (persistence), PV as a clear-sky day shape scaled to the rating and to what PV delivers
 * now, batteries with typical parameters from the state of charge they report, prices per local hour of day.
 */
final class ScenarioFactory {
    private ScenarioFactory() {
    }

    static Scenario build(Community c, Instant now, Duration step, int steps, ZoneId zone,
                          Function<PointId, Optional<Double>> latest, DayPrices prices, Duration timeLimit) {
        Instant start = Instant.ofEpochMilli(now.toEpochMilli() / step.toMillis() * step.toMillis());
        Map<String, TimeSeries> forecasts = new HashMap<>();
        List<AssetParameters> params = new ArrayList<>();
        List<Asset> all = new ArrayList<>(c.sharedAssets());
        for (Member m : c.members()) {
            for (Site s : m.sites()) {
                all.addAll(s.assets());
            }
        }
        for (Asset a : all) {
            Optional<Double> p = latest.apply(PointId.of(c.id() + "." + a.id() + ".p"));
            switch (a.kind()) {
                case LOAD, HEAT_PUMP -> forecasts.put(a.id(), series(start, step, steps, i -> Math.max(0,
                        p.orElse(0.0))));
                case PV -> {
                    double nowShape = clearSky(now, zone);
                    double clearness = p.isPresent() && nowShape > 0.2 && a.ratedPowerW() > 0
                            ? Math.min(1.2, Math.max(0, p.get() / (a.ratedPowerW() * nowShape))) : 0.7;
                    forecasts.put(a.id(), series(start, step, steps, i -> a.ratedPowerW() * clearness
                            * clearSky(start.plus(step.multipliedBy(i)).plus(step.dividedBy(2)), zone)));
                    params.add(new PvParameters(a.id(), true));
                }
                case BATTERY -> {
                    if (a.energyCapacityWh() > 0) {
                        double soc = latest.apply(PointId.of(c.id() + "." + a.id() + ".soc")).orElse(50.0) / 100;
                        soc = Math.max(0, Math.min(1, soc));
                        params.add(new BatteryParameters(a.id(), a.ratedPowerW(), a.ratedPowerW(),
                                a.energyCapacityWh(), Math.min(0.1, soc), Math.max(0.9, soc), soc,
                                Math.min(soc, 0.5), 0.95, 0.95, 0.02));
                    }
                }
                default -> {
                    // Meters are measured; EVs and flexible loads need session data the hub does not have yet.
                }
            }
        }
        TimeSeries imp = series(start, step, steps, i -> prices.importEurPerKWh()[hour(start, step, i, zone)]);
        TimeSeries exp = series(start, step, steps, i -> prices.exportEurPerKWh()[hour(start, step, i, zone)]);
        DispatchPolicy policy = new DispatchPolicy(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0, timeLimit);
        return new Scenario(c.id() + "-" + start, c, start, step, steps, forecasts, imp, exp, params, Map.of(),
                policy);
    }

    private static int hour(Instant start, Duration step, int i, ZoneId zone) {
        return ZonedDateTime.ofInstant(start.plus(step.multipliedBy(i)), zone).getHour();
    }

    /** A clear-sky stand-in: a half sine from 06:00 to 18:00 local time, 1 at noon. */
    static double clearSky(Instant t, ZoneId zone) {
        ZonedDateTime z = ZonedDateTime.ofInstant(t, zone);
        double h = z.getHour() + z.getMinute() / 60.0;
        return h <= 6 || h >= 18 ? 0 : Math.sin(Math.PI * (h - 6) / 12);
    }

    private static TimeSeries series(Instant start, Duration step, int steps,
                                     java.util.function.IntToDoubleFunction f) {
        double[] v = new double[steps];
        for (int i = 0; i < steps; i++) {
            v[i] = f.applyAsDouble(i);
        }
        return new TimeSeries(start, step, "W", start, v);
    }
}
