package io.gridhub.api.strategy;

/**
 * Where a deployed strategy stands in its role. A new version is a {@code CANDIDATE} until it is activated: where
 * activation is governed, by an approved {@link StrategyActivation} policy. (More states — shadow, retired,
 * quarantined — may follow; treat an unknown state as not active.)
 */
public enum StrategyState {
    /** Deployed and idle: it does not run for its role. */
    CANDIDATE,
    /** The strategy that runs for its role. */
    ACTIVE
}
