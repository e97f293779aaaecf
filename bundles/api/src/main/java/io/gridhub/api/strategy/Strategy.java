package io.gridhub.api.strategy;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * What every hot-swappable strategy says about itself. The {@link StrategyRegistry} tracks services registered
 * under this interface and picks the active one per role, so register a strategy under both this interface and
 * its role interface, e.g. {@code @Component(service = {Forecaster.class, Strategy.class})}. The version is the
 * strategy's own (semantic, e.g. {@code 1.2.0}); a higher version of the same name takes over its role once its
 * activation is approved ({@link StrategyActivation}), or at once where activation is not governed.
 */
@ConsumerType
public interface Strategy {
    StrategyRole role();

    String name();

    String version();
}
