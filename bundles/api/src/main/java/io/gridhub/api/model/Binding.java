package io.gridhub.api.model;

import java.util.Objects;

/**
 * A constraint that limits a plan at one step: its group (e.g. {@code feeder f1 import limit}) and, where the plan
 * comes from a linear program, its shadow price: what one more kWh of room in that step would save, in EUR/kWh
 * ({@code NaN} where unknown, e.g. for a MILP).
 */
public record Binding(int step, String constraint, double shadowPriceEurPerKWh) {
    public Binding {
        Objects.requireNonNull(constraint, "constraint");
    }
}
