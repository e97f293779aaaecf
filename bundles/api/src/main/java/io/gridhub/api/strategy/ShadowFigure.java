package io.gridhub.api.strategy;

import io.gridhub.api.check.Fields;

/**
 * One figure of a shadow comparison, for the active strategy and the one in shadow, both computed on what really
 * happened: e.g. the mean absolute error of the load forecast, the cost of a day's plans, or one member's credit.
 *
 * @param name    what is measured, e.g. {@code "mae"}, {@code "cost"}, {@code "violations"}, {@code "credit"}
 * @param subject what it is measured on: a forecast target, an asset, a member; empty for the whole community
 * @param unit    the unit of both values, e.g. {@code "kW"}, {@code "EUR"}, {@code "kWh"}; empty for counts
 * @param active  the active strategy's value (NaN when it has none)
 * @param shadow  the shadow strategy's value (NaN when it has none)
 * @param samples how many values (steps, plans, statements) the figure is computed from
 */
public record ShadowFigure(String name, String subject, String unit, double active, double shadow, int samples) {
    public ShadowFigure {
        Fields.require("name", name);
        subject = Fields.orEmpty(subject);
        unit = Fields.orEmpty(unit);
    }

    /** {@code shadow - active}: negative is better for errors, costs and violations. */
    public double difference() {
        return shadow - active;
    }
}
