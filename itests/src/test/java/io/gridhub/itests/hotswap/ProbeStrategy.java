package io.gridhub.itests.hotswap;

import io.gridhub.api.strategy.Strategy;
import io.gridhub.api.strategy.StrategyRole;

/**
 * The strategy that the hot-swap test bundle registers. Its version is its bundle's, so the 1.0.0 and 2.0.0 bundles
 * carry the same classes and differ only in the manifest: what the test swaps is the bundle, nothing else.
 */
public final class ProbeStrategy implements Strategy {
    public static final String NAME = "hotswap-probe";

    private final String version;

    public ProbeStrategy(String version) {
        this.version = version;
    }

    @Override
    public StrategyRole role() {
        return StrategyRole.TEST;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String toString() {
        return NAME + " " + version;
    }
}
