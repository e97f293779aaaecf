package io.gridhub.api.strategy;

import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Registered (whiteboard) by the service that runs a role's shadow strategy — the forecast runner, the loop, the
 * settlement — to compare the shadow's stored outputs with the active strategy's over the shadow period.
 */
@ConsumerType
public interface ShadowComparator {
    /** The role it compares. */
    StrategyRole role();

    /** The comparison of the current shadow with the active strategy; empty when no shadow has run yet. */
    Optional<ShadowComparison> compare();
}
