package io.gridhub.loop.internal;

import io.gridhub.api.dispatch.FlexibleLoadParameters;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Flexible-load sessions from the devices themselves: each {@code FLEXIBLE_LOAD} asset (a hot-water system) that
 * reports a fresh {@code <community>.<asset>.energy_need} (Wh of heat still needed to be ready) is planned from the
 * plan's start to the next ready-by local time at least one step ahead, between 0 W and its rated power. It is asked
 * for its need, but at most 95 % of what its rated power delivers in the window's whole steps inside the horizon, so
 * that no need makes the plan infeasible.
 */
final class FlexibleLoads {
    /** The point of a flexible load's remaining need, Wh. */
    static final String ENERGY_NEED = "energy_need";

    /** The share of its rated power a flexible load may be asked to run at over the whole window. */
    static final double MAX_SHARE = 0.95;

    /** The sessions, and one phrase for the Optimize stage's reason (empty when the community has no flexible load). */
    record Result(List<FlexibleLoadParameters> sessions, String reason) {}

    private final List<LocalTime> readyBy;
    private final ZoneId zone;

    FlexibleLoads(List<LocalTime> readyBy, ZoneId zone) {
        if (readyBy.isEmpty()) {
            throw new IllegalArgumentException("flexibleLoadReadyBy: needs at least one local time (HH:mm)");
        }
        this.readyBy = List.copyOf(new TreeSet<>(readyBy));
        this.zone = zone;
    }

    /** The ready-by times of the configuration: local times {@code HH:mm}, comma-separated or one per entry. */
    static List<LocalTime> readyBy(String[] entries) {
        List<LocalTime> out = new ArrayList<>();
        for (String entry : entries == null ? new String[0] : entries) {
            for (String part : entry.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                try {
                    out.add(LocalTime.parse(part.trim()));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(
                            "flexibleLoadReadyBy: '" + part.trim() + "' is not a local time HH:mm (e.g. 07:00)", e);
                }
            }
        }
        return out;
    }

    /** The next ready-by time at least one step after {@code start}. */
    Instant readyAt(Instant start, Duration step) {
        Instant earliest = start.plus(step);
        LocalDate day = start.atZone(zone).toLocalDate().minusDays(1);
        // With one ready-by time a day, the next one is at most a day and a step ahead: three days always hold it.
        for (int d = 0; d < 4; d++) {
            for (LocalTime t : readyBy) {
                Instant at = ZonedDateTime.of(day.plusDays(d), t, zone).toInstant();
                if (!at.isBefore(earliest)) {
                    return at;
                }
            }
        }
        throw new IllegalStateException("no ready-by time after " + earliest);
    }

    /**
     * A session for every flexible load of the topology with a fresh need and a rating, but for those {@code covered}
     * by a session source's session.
     */
    Result sessions(Topo topo, Snapshot now, Instant start, Duration step, int steps, Set<String> covered) {
        List<Topo.Placed> loads = topo.of(AssetKind.FLEXIBLE_LOAD);
        if (loads.isEmpty()) {
            return new Result(List.of(), "");
        }
        Instant end = readyAt(start, step);
        long whole = Math.min(steps, Duration.between(start, end).toMillis() / step.toMillis());
        double hours = step.toMillis() / 3_600_000.0;
        List<FlexibleLoadParameters> out = new ArrayList<>();
        Map<String, Integer> leftOut = new TreeMap<>();
        int capped = 0;
        for (Topo.Placed p : loads) {
            Asset a = p.asset();
            Optional<Double> need = now.value(topo.point(a.id(), ENERGY_NEED)).filter(Double::isFinite);
            String why = covered.contains(a.id())
                    ? "with a session source's session"
                    : a.ratedPowerW() <= 0
                            ? "without a rated power"
                            : need.isEmpty() ? "without a fresh " + ENERGY_NEED : null;
            if (why != null) {
                leftOut.merge(why, 1, Integer::sum);
                continue;
            }
            double max = a.ratedPowerW() * whole * hours * MAX_SHARE;
            double wh = Math.max(0, need.get());
            if (wh > max) {
                wh = max;
                capped++;
            }
            out.add(new FlexibleLoadParameters(a.id(), start, end, wh, 0, a.ratedPowerW()));
        }
        StringBuilder reason = new StringBuilder(String.format(
                Locale.ROOT,
                "flexible loads: %d planned to be ready by %s",
                out.size(),
                end.atZone(zone).toLocalTime()));
        if (capped > 0) {
            reason.append(" (").append(capped).append(" asked less than their need: more does not fit)");
        }
        if (!leftOut.isEmpty()) {
            List<String> parts = new ArrayList<>();
            leftOut.forEach((why, n) -> parts.add(n + " " + why));
            int n = leftOut.values().stream().mapToInt(Integer::intValue).sum();
            reason.append(", ")
                    .append(n)
                    .append(" left out (")
                    .append(String.join(", ", parts))
                    .append(')');
        }
        return new Result(List.copyOf(out), reason.toString());
    }
}
