package io.gridhub.api.strategy;

/**
 * Where a deployed strategy version stands in its lifecycle. A version arrives as a {@link #CANDIDATE}, may run in
 * {@link #SHADOW} beside the active one, becomes {@link #ACTIVE} when promoted, and {@link #RETIRED} when another
 * version replaces it; one that throws, overruns its time budget or returns invalid output is {@link #QUARANTINED}.
 */
public enum StrategyState {
    /** Deployed and idle: it does not run for its role. */
    CANDIDATE,
    /** Runs on the active strategy's inputs at every cycle; its outputs are stored, never executed. */
    SHADOW,
    /** The strategy that runs for its role. */
    ACTIVE,
    /** Was active and was replaced (promotion of another version, or a rollback); it can be promoted again. */
    RETIRED,
    /** Misbehaved (threw, overran its time budget, returned invalid output): it never runs until redeployed. */
    QUARANTINED
}
