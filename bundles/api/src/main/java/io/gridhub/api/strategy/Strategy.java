package io.gridhub.api.strategy;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * What every hot-swappable strategy says about itself. Registered as an OSGi service; the {@link StrategyRegistry}
 * picks the active one per role. The version is the strategy's own (semantic, e.g. {@code 1.2.0}).
 */
@ConsumerType
public interface Strategy {
    StrategyRole role();

    String name();

    String version();
}
