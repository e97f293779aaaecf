package io.gridhub.api.strategy;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Tracks strategy services as bundles come and go. The active one per role is the configured name at its
 * highest version (or, with no name configured, the highest version of any). A new version replaces the old
 * as soon as its service appears: no restart.
 */
@ProviderType
public interface StrategyRegistry {
    /** The active strategy of the given type for a role. */
    <T extends Strategy> Optional<T> active(StrategyRole role, Class<T> type);

    /** Every deployed strategy, active or not, sorted by role, name and version. */
    List<StrategyInfo> strategies();
}
