package io.gridhub.api.strategy;

import java.util.Arrays;
import java.util.Locale;

/** The roles in the community's loop that a strategy can fill; one strategy is active per role. */
public enum StrategyRole {
    FORECAST,
    DISPATCH,
    ALLOCATION,
    ANOMALY,
    TEST;

    /** The role of that name, in any case ({@code dispatch}, {@code DISPATCH}). */
    public static StrategyRole parse(String name) {
        for (StrategyRole r : values()) {
            if (r.name().equalsIgnoreCase(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no strategy role '" + name + "': one of "
                + Arrays.stream(values())
                        .map(r -> r.name().toLowerCase(Locale.ROOT))
                        .toList());
    }
}
