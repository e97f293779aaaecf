package io.gridhub.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A what-if drill over a dispatch scenario (docs/drills.md, docs/drill-scenario.schema.json): what happens (events),
 * which loads are critical and in which order the others are shed, how uncertain the forecasts are, and how many
 * Monte Carlo samples to run within which time budget.
 */
public record DrillSpec(
        String id,
        String description,
        List<Event> events,
        LoadClass defaultLoads,
        Map<String, LoadClass> memberLoads,
        Uncertainty uncertainty,
        int runs,
        long seed,
        Duration timeBudget,
        Method method) {
    /** The default number of Monte Carlo samples. */
    public static final int DEFAULT_RUNS = 1000;
    /** The highest shed priority a non-critical load may have; critical loads rank above every priority. */
    public static final int MAX_PRIORITY = 9;

    public DrillSpec {
        Objects.requireNonNull(id, "id");
        events = List.copyOf(events);
        memberLoads = Map.copyOf(memberLoads);
        defaultLoads = defaultLoads == null ? LoadClass.DEFAULT : defaultLoads;
        uncertainty = uncertainty == null ? Uncertainty.NONE : uncertainty;
        timeBudget = timeBudget == null ? Duration.ofSeconds(60) : timeBudget;
        method = method == null ? Method.AUTO : method;
        if (runs < 1) {
            throw new IllegalArgumentException("drill " + id + ": runs must be at least 1");
        }
    }

    /** How each sample is solved. */
    public enum Method {
        /** The merit-order island simulation where the drill is an outage (exact there), else the LP. */
        AUTO,
        /** The drill LP on OR-Tools for every sample. */
        LP,
        /** The island merit-order simulation (outage drills only). */
        MERIT_ORDER
    }

    /** What a drill does to the scenario. */
    public enum EventType {
        /** No grid exchange in the window: the community runs as an island. */
        OUTAGE,
        /** Feeder, transformer or connection limits drop to a percentage in the window. */
        CONTINGENCY,
        /** Import price set to a value or multiplied by a factor in the window. */
        PRICE_SPIKE,
        /** Assets (a device, or every asset a lost driver reads) are unavailable in the window. */
        DEVICE_LOSS
    }

    /**
     * One event from {@code from} (null: the scenario's start) for {@code duration} (null: to the horizon's end).
     * Contingency: {@code limitPercent} of the {@code feeders}, {@code transformers} and, with {@code connection},
     * the community connection's limits (all feeders, transformers and the connection when none is named). Price
     * spike: {@code importEurPerKWh} if set, else the import price times {@code priceFactor}. Device loss:
     * {@code assets}.
     */
    public record Event(
            EventType type,
            Instant from,
            Duration duration,
            double limitPercent,
            List<String> feeders,
            List<String> transformers,
            boolean connection,
            Double importEurPerKWh,
            double priceFactor,
            List<String> assets) {
        public Event {
            Objects.requireNonNull(type, "type");
            feeders = feeders == null ? List.of() : List.copyOf(feeders);
            transformers = transformers == null ? List.of() : List.copyOf(transformers);
            assets = assets == null ? List.of() : List.copyOf(assets);
        }

        public static Event outage(Instant from, Duration duration) {
            return new Event(EventType.OUTAGE, from, duration, 100, null, null, false, null, 1, null);
        }

        public static Event contingency(Instant from, Duration duration, double percent, List<String> feeders) {
            return new Event(EventType.CONTINGENCY, from, duration, percent, feeders, null, false, null, 1, null);
        }

        public static Event priceSpike(Instant from, Duration duration, double importEurPerKWh) {
            return new Event(EventType.PRICE_SPIKE, from, duration, 100, null, null, false, importEurPerKWh, 1, null);
        }

        public static Event deviceLoss(Instant from, Duration duration, List<String> assets) {
            return new Event(EventType.DEVICE_LOSS, from, duration, 100, null, null, false, null, 1, assets);
        }
    }

    /**
     * How a member's load splits: the critical part is {@code min(load, max(criticalW, criticalShare × load))}
     * (a fixed power, a share, or the larger of both); the rest is shed at
     * {@code shedPriority} (1 shed first … {@value #MAX_PRIORITY} shed last, critical loads after all of them).
     */
    public record LoadClass(double criticalW, double criticalShare, int shedPriority) {
        public static final LoadClass DEFAULT = new LoadClass(0, 0, 5);

        public LoadClass {
            if (!(criticalW >= 0) || !(criticalShare >= 0 && criticalShare <= 1)) {
                throw new IllegalArgumentException("criticalW must be ≥ 0 and criticalShare within 0…1");
            }
            if (shedPriority < 1 || shedPriority > MAX_PRIORITY) {
                throw new IllegalArgumentException("shedPriority must be within 1…" + MAX_PRIORITY);
            }
        }

        /** The critical part of a load value, W. */
        double critical(double loadW) {
            return Math.min(Math.max(0, loadW), Math.max(criticalW, criticalShare * Math.max(0, loadW)));
        }
    }

    /**
     * Forecast uncertainty: the relative spread of load and PV between their P10 and P90 (0.2: P10 = 80 %, P90 =
     * 120 % of the forecast), or per asset explicit P10 and P90 series (the forecasters' quantiles, W, one value per
     * step of the horizon).
     */
    public record Uncertainty(double loadSpread, double pvSpread, Map<String, Quantiles> quantiles) {
        public static final Uncertainty NONE = new Uncertainty(0, 0, Map.of());

        public Uncertainty {
            quantiles = quantiles == null ? Map.of() : Map.copyOf(quantiles);
            if (!(loadSpread >= 0) || !(pvSpread >= 0)) {
                throw new IllegalArgumentException("spreads must be ≥ 0");
            }
        }

        boolean none() {
            return loadSpread == 0 && pvSpread == 0 && quantiles.isEmpty();
        }
    }

    /** An asset's P10 and P90 forecasts, W. */
    public record Quantiles(double[] p10, double[] p90) {}

    /** The load class of a member: its own, else the drill's default. */
    public LoadClass loadsOf(String memberId) {
        return memberLoads.getOrDefault(memberId, defaultLoads);
    }

    /** The same drill with another number of samples. */
    public DrillSpec withRuns(int n) {
        return new DrillSpec(
                id, description, events, defaultLoads, memberLoads, uncertainty, n, seed, timeBudget, method);
    }

    /** The same drill solved by another method. */
    public DrillSpec withMethod(Method m) {
        return new DrillSpec(
                id, description, events, defaultLoads, memberLoads, uncertainty, runs, seed, timeBudget, m);
    }

    /** The same drill without forecast uncertainty (the deterministic drill). */
    public DrillSpec deterministic() {
        return new DrillSpec(
                id, description, events, defaultLoads, memberLoads, Uncertainty.NONE, runs, seed, timeBudget, method);
    }
}
