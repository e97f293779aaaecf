package io.gridhub.loop.internal;

import io.gridhub.api.forecast.ForecastKind;
import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.api.forecast.Forecaster;
import io.gridhub.api.forecast.GeoLocation;
import io.gridhub.api.forecast.PublishedForecast;
import io.gridhub.api.loop.StageOutcome;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.TimeSeries;
import io.gridhub.api.store.StoreException;
import io.gridhub.api.store.TimeSeriesStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.IntToDoubleFunction;

/**
 * The Forecast stage: a load or PV forecast per asset over the plan's horizon. An asset with enough history in the
 * store gets its own forecast from the active forecaster (made in the background, see {@link #ownForecast}); the
 * others get their share of the community's forecast
 * (what the forecast runner published: load shared by each asset's mean measured load, PV by rating). Without
 * any forecast, loads hold their latest value and PV follows a clear-sky shape (the stage is then DEGRADED).
 */
final class ForecastStage {
    /** What the stage made, and how. */
    record Result(
            Map<String, TimeSeries> perAsset, StageOutcome outcome, String reason, String strategy, String version) {}

    /** {@code maxOwnAge}: how old an asset's own forecast may be before the community's share replaces it. */
    record Settings(int minHistoryDays, ZoneId zone, GeoLocation location, Duration maxOwnAge) {}

    private final History history;
    private final Settings settings;
    private final Executor trainer;
    private final Map<String, Own> own = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();

    /** {@code trainer} makes the assets' own forecasts (a background thread in the hub, the caller's in tests). */
    ForecastStage(History history, Settings settings, Executor trainer) {
        this.history = history;
        this.settings = settings;
        this.trainer = trainer;
    }

    Result run(
            Topo topo,
            Snapshot now,
            Instant start,
            Duration step,
            int steps,
            List<PublishedForecast> published,
            Optional<Forecaster> forecaster,
            Optional<TimeSeriesStore> store) {
        String c = topo.id();
        Optional<PublishedForecast> load =
                published.stream().filter(p -> p.target().equals(c + ".load")).findFirst();
        Optional<PublishedForecast> pv =
                published.stream().filter(p -> p.target().equals(c + ".pv")).findFirst();
        Map<String, TimeSeries> out = new HashMap<>();
        int own = 0;
        int shared = 0;
        int fallback = 0;
        int training = 0;
        List<String> problems = new ArrayList<>();
        String strategy = load.or(() -> pv).map(PublishedForecast::strategy).orElse("");
        String version = load.or(() -> pv).map(PublishedForecast::version).orElse("");

        for (AssetKind kind : new AssetKind[] {AssetKind.LOAD, AssetKind.PV}) {
            List<Topo.Placed> assets = new ArrayList<>(topo.of(kind));
            if (kind == AssetKind.LOAD) {
                assets.addAll(topo.of(AssetKind.HEAT_PUMP));
            }
            if (assets.isEmpty()) {
                continue;
            }
            Map<String, double[]> hist = new HashMap<>();
            Map<String, Double> weight = new HashMap<>();
            for (Topo.Placed a : assets) {
                double[] h = null;
                if (store.isPresent()) {
                    try {
                        h = history.values(store.get(), topo.point(a.asset().id(), "p"), start);
                    } catch (StoreException e) {
                        problems.add("history of " + a.asset().id() + ": " + e.getMessage());
                    }
                }
                if (h != null) {
                    hist.put(a.asset().id(), h);
                }
                double mean = h == null ? Double.NaN : History.mean(h);
                weight.put(
                        a.asset().id(),
                        kind == AssetKind.PV
                                ? a.asset().ratedPowerW()
                                : Double.isNaN(mean)
                                        ? now.value(topo.point(a.asset().id(), "p"))
                                                .orElse(0.0)
                                        : mean);
            }
            double total =
                    weight.values().stream().mapToDouble(w -> Math.max(0, w)).sum();
            Optional<PublishedForecast> profile = kind == AssetKind.PV ? pv : load;
            long perDay = Duration.ofDays(1).toMillis() / step.toMillis();
            for (Topo.Placed a : assets) {
                String id = a.asset().id();
                double[] h = hist.get(id);
                if (h != null
                        && forecaster.isPresent()
                        && History.known(h) >= settings.minHistoryDays() * perDay
                        && settings.minHistoryDays() > 0) {
                    Optional<TimeSeries> mine =
                            ownForecast(forecaster.get(), topo, id, kind, h, start, step, steps, problems);
                    if (mine.isPresent()) {
                        out.put(id, mine.get());
                        own++;
                        continue;
                    }
                    training++;
                }
                if (profile.isPresent()) {
                    double share = total > 0 ? Math.max(0, weight.get(id)) / total : 1.0 / assets.size();
                    TimeSeries p50 = profile.get().forecast().p50();
                    out.put(
                            id,
                            series(
                                    start,
                                    step,
                                    steps,
                                    i -> Math.max(0, share * at(p50, start.plus(step.multipliedBy(i))))));
                    shared++;
                } else {
                    out.put(id, persistence(topo, now, a, start, step, steps));
                    fallback++;
                }
            }
        }
        capAtRating(topo, out);
        if (forecaster.isPresent() && own > 0) {
            strategy = forecaster.get().name();
            version = forecaster.get().version();
        }
        String reason = own + " assets forecast on their own history, " + shared + " from the community's "
                + "forecast" + (training > 0 ? " (" + training + " of them while their own model trains)" : "")
                + (fallback > 0
                        ? ", " + fallback + " by persistence and clear sky (no forecast of " + topo.id()
                                + ".load or .pv yet)"
                        : "")
                + (problems.isEmpty() ? "" : "; " + problems.get(0));
        StageOutcome outcome = fallback > 0 || !problems.isEmpty() ? StageOutcome.DEGRADED : StageOutcome.OK;
        return new Result(out, outcome, reason, strategy, version);
    }

    /**
     * The asset's own forecast: the newest one made by this forecaster version for this or a recent issue time,
     * moved onto the current grid. A missing or old one is made on the trainer (off the cycle, since training a
     * model per asset takes far longer than a cycle may); until then the asset takes its share of the community's.
     */
    private Optional<TimeSeries> ownForecast(
            Forecaster f,
            Topo topo,
            String id,
            AssetKind kind,
            double[] h,
            Instant start,
            Duration step,
            int steps,
            List<String> problems) {
        String key = id + "|" + f.name() + "|" + f.version();
        Own cached = own.get(key);
        if (cached == null
                || cached.issue().isBefore(start.minus(settings.maxOwnAge()))
                || (cached.issue().isBefore(start) && !pending.contains(key))) {
            if (pending.add(key)) {
                double[] past = h.clone();
                trainer.execute(() -> {
                    try {
                        own.put(key, new Own(start, forecastOwn(f, topo, id, kind, past, start, step, steps)));
                        failures.remove(key);
                    } catch (RuntimeException e) {
                        failures.put(key, f.name() + " failed on " + id + ": " + e.getMessage());
                    } finally {
                        pending.remove(key);
                    }
                });
            }
            cached = own.get(key);
        }
        String failure = failures.get(key);
        if (failure != null) {
            problems.add(failure);
        }
        if (cached == null || cached.issue().isBefore(start.minus(settings.maxOwnAge()))) {
            return Optional.empty();
        }
        TimeSeries made = cached.series();
        return Optional.of(series(start, step, steps, i -> {
            double v = at(made, start.plus(step.multipliedBy(i)));
            return Double.isNaN(v) ? 0 : Math.max(0, v);
        }));
    }

    private record Own(Instant issue, TimeSeries series) {}

    private TimeSeries forecastOwn(
            Forecaster f, Topo topo, String id, AssetKind kind, double[] h, Instant start, Duration step, int steps) {
        Instant from = start.minus(step.multipliedBy(h.length));
        TimeSeries past = new TimeSeries(from, step, "W", start, h);
        ForecastRequest r = new ForecastRequest(
                topo.point(id, "p").value(),
                kind == AssetKind.PV ? ForecastKind.PV : ForecastKind.LOAD,
                past,
                Map.of(),
                start,
                step.multipliedBy(steps),
                settings.zone(),
                settings.location());
        return f.forecast(r).p50();
    }

    /**
     * A PV plant delivers at most its rating: a forecast above it (a share of the community's, a clear day brighter
     * than the stand-in's shape) is cut there, or a plan that follows it would set limits beyond the rating, which the
     * plan checks refuse.
     */
    private static void capAtRating(Topo topo, Map<String, TimeSeries> out) {
        for (Topo.Placed a : topo.of(AssetKind.PV)) {
            double rated = a.asset().ratedPowerW();
            TimeSeries f = out.get(a.asset().id());
            if (f != null && rated > 0) {
                double[] v = f.values();
                for (int i = 0; i < v.length; i++) {
                    v[i] = Math.min(v[i], rated);
                }
                out.put(a.asset().id(), new TimeSeries(f.start(), f.step(), f.unit(), f.issueTime(), v));
            }
        }
    }

    /** The latest value held (loads), or a clear-sky day scaled to what the PV delivers now. */
    private TimeSeries persistence(Topo topo, Snapshot now, Topo.Placed a, Instant start, Duration step, int steps) {
        Optional<Double> p = now.value(topo.point(a.asset().id(), "p"));
        if (a.asset().kind() != AssetKind.PV) {
            return series(start, step, steps, i -> Math.max(0, p.orElse(0.0)));
        }
        double shapeNow = clearSky(now.at(), settings.zone());
        double rated = a.asset().ratedPowerW();
        double clearness = p.isPresent() && shapeNow > 0.2 && rated > 0
                ? Math.min(1.2, Math.max(0, p.get() / (rated * shapeNow)))
                : 0.7;
        return series(
                start,
                step,
                steps,
                i -> rated
                        * clearness
                        * clearSky(start.plus(step.multipliedBy(i)).plus(step.dividedBy(2)), settings.zone()));
    }

    /** The value of a series at an instant; beyond its end the same time a day (or several) earlier. */
    static double at(TimeSeries s, Instant t) {
        long dt = s.step().toMillis();
        long i = Math.floorDiv(t.toEpochMilli() - s.start().toEpochMilli(), dt);
        long day = Duration.ofDays(1).toMillis() / dt;
        while (i >= s.size() && day > 0) {
            i -= day;
        }
        if (i < 0 || i >= s.size()) {
            return s.size() == 0 ? Double.NaN : s.value(s.size() - 1);
        }
        return s.value((int) i);
    }

    /** A clear-sky stand-in: a half sine from 06:00 to 18:00 local time, 1 at noon. */
    static double clearSky(Instant t, ZoneId zone) {
        ZonedDateTime z = ZonedDateTime.ofInstant(t, zone);
        double h = z.getHour() + z.getMinute() / 60.0;
        return h <= 6 || h >= 18 ? 0 : Math.sin(Math.PI * (h - 6) / 12);
    }

    static TimeSeries series(Instant start, Duration step, int steps, IntToDoubleFunction f) {
        double[] v = new double[steps];
        for (int i = 0; i < steps; i++) {
            v[i] = f.applyAsDouble(i);
        }
        return new TimeSeries(start, step, "W", start, v);
    }
}
