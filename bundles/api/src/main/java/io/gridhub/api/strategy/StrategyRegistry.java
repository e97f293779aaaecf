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

    /**
     * The strategy running in shadow for a role, if any: it gets the active strategy's inputs at every cycle, and
     * its outputs are stored for comparison, never executed.
     */
    <T extends Strategy> Optional<T> shadow(StrategyRole role, Class<T> type);

    /** Whether promoting a strategy of this role needs a governance lead's approval now. */
    boolean governed(StrategyRole role);

    /**
     * Puts a candidate (or retired) version in shadow; the role's previous shadow, if any, becomes a candidate again.
     * Audited.
     */
    StrategyTransition shadow(StrategyRole role, String name, String version, String actor) throws StrategyException;

    /**
     * Makes a version the active one, the previous active one retired. Where the role is {@linkplain
     * #governed(StrategyRole) governed} and no approved activation names this version, a strategy-activation
     * proposal is filed instead and the result is {@linkplain StrategyTransition#pending() pending}: the version
     * becomes active once a governance lead approves it. Audited.
     */
    StrategyTransition promote(StrategyRole role, String name, String version, String actor) throws StrategyException;

    /** Makes the version that was active before the current one active again; the current one retires. Audited. */
    StrategyTransition rollback(StrategyRole role, String actor) throws StrategyException;

    /**
     * Guard rail: a strategy that threw, overran its time budget or returned invalid output never runs again until
     * it is redeployed. When it was active, the version active before it takes over (or, with none, the role's
     * default); when it was in shadow, the shadow ends. Audited, and raised as an event saying why.
     */
    void quarantine(Strategy strategy, String why);
}
