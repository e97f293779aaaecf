package io.gridhub.api.strategy;

import java.time.Instant;
import java.util.Objects;

/** A deployed strategy as the registry sees it, and whether it is the active one for its role. */
public record StrategyInfo(StrategyRole role, String name, String version, String bundle, boolean active,
                           Instant since) {
    public StrategyInfo {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(since, "since");
        bundle = bundle == null ? "" : bundle;
    }
}
