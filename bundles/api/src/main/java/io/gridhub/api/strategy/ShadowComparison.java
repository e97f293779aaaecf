package io.gridhub.api.strategy;

import io.gridhub.api.check.Fields;
import java.time.Instant;
import java.util.List;

/**
 * How the strategy in shadow compares with the active one over the shadow period, re-evaluated on what really
 * happened: forecasts by their error against actuals, dispatch plans by cost, constraint violations and setpoint
 * differences, allocations by each member's result.
 *
 * @param active the active strategy, {@code name version}
 * @param shadow the shadow strategy, {@code name version}
 * @param from   the start of the shadow period
 * @param to     the end of the period compared (the last cycle both ran)
 * @param cycles how many cycles both strategies ran on the same inputs
 * @param points the values the figures are computed from, oldest first (may be empty when a comparator keeps none)
 */
public record ShadowComparison(
        StrategyRole role,
        String active,
        String shadow,
        Instant from,
        Instant to,
        int cycles,
        List<ShadowFigure> figures,
        String note,
        List<ShadowPoint> points) {
    public ShadowComparison {
        Fields.require("role active shadow from to", role, active, shadow, from, to);
        figures = Fields.copyOf(figures);
        note = Fields.orEmpty(note);
        points = Fields.copyOf(points);
    }

    /** Without the values behind the figures. */
    public ShadowComparison(
            StrategyRole role,
            String active,
            String shadow,
            Instant from,
            Instant to,
            int cycles,
            List<ShadowFigure> figures,
            String note) {
        this(role, active, shadow, from, to, cycles, figures, note, List.of());
    }
}
