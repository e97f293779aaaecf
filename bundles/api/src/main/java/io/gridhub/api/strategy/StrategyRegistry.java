package io.gridhub.api.strategy;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Tracks strategy services as bundles come and go and picks the active one per role. Where activation is
 * governed, a newly deployed version is a candidate until an approved {@link StrategyActivation} names it; the
 * active one keeps running meanwhile. Ungoverned, the configured name at its highest version (or, with no name
 * configured, the highest version of any) is active, and a new version replaces the old as soon as its service
 * appears. Either way: no restart.
 */
@ProviderType
public interface StrategyRegistry {
    /** The active strategy of the given type for a role. */
    <T extends Strategy> Optional<T> active(StrategyRole role, Class<T> type);

    /** Every deployed strategy with its state, sorted by role, name and version. */
    List<StrategyInfo> strategies();
}
