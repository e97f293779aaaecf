package io.gridhub.api.strategy;

/** The roles in the community's loop that a strategy can fill; one strategy is active per role. */
public enum StrategyRole {
    FORECAST,
    DISPATCH,
    ALLOCATION,
    ANOMALY,
    TEST
}
