package io.gridhub.api.strategy;

import io.gridhub.api.check.Fields;
import java.time.Instant;

/**
 * A deployed strategy as the registry sees it: whether it is the active one for its role, and its state (a new
 * version waiting for an approved activation is a {@link StrategyState#CANDIDATE}).
 */
public record StrategyInfo(
        StrategyRole role,
        String name,
        String version,
        String bundle,
        boolean active,
        Instant since,
        StrategyState state) {
    public StrategyInfo {
        Fields.require("role name version since", role, name, version, since);
        bundle = Fields.orEmpty(bundle);
        state = active
                ? StrategyState.ACTIVE
                : state == null || state == StrategyState.ACTIVE ? StrategyState.CANDIDATE : state;
    }

    /** Without a state: active, or else a candidate. */
    public StrategyInfo(StrategyRole role, String name, String version, String bundle, boolean active, Instant since) {
        this(role, name, version, bundle, active, since, null);
    }
}
