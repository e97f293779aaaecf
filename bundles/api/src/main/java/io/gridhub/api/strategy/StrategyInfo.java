package io.gridhub.api.strategy;

import io.gridhub.api.check.Fields;
import java.time.Instant;

/**
 * A deployed strategy as the registry sees it: whether it is the active one for its role, and its lifecycle state.
 *
 * @param since      when its service was deployed
 * @param state      its lifecycle state ({@link StrategyState#ACTIVE} exactly when {@code active})
 * @param stateSince when it entered that state (the start of a shadow period); {@code since} when not known
 * @param reason     why it is in that state (who promoted it, why it was quarantined); empty when nothing to say
 */
public record StrategyInfo(
        StrategyRole role,
        String name,
        String version,
        String bundle,
        boolean active,
        Instant since,
        StrategyState state,
        Instant stateSince,
        String reason) {
    public StrategyInfo {
        Fields.require("role name version since", role, name, version, since);
        bundle = Fields.orEmpty(bundle);
        state = active
                ? StrategyState.ACTIVE
                : state == null || state == StrategyState.ACTIVE ? StrategyState.CANDIDATE : state;
        stateSince = stateSince == null ? since : stateSince;
        reason = Fields.orEmpty(reason);
    }

    /** Without when the state began and why. */
    public StrategyInfo(
            StrategyRole role,
            String name,
            String version,
            String bundle,
            boolean active,
            Instant since,
            StrategyState state) {
        this(role, name, version, bundle, active, since, state, null, null);
    }

    /** Without a state: active, or else a candidate. */
    public StrategyInfo(StrategyRole role, String name, String version, String bundle, boolean active, Instant since) {
        this(role, name, version, bundle, active, since, null);
    }

    /** {@code name version}, as logs and reasons say it. */
    public String label() {
        return name + " " + version;
    }
}
