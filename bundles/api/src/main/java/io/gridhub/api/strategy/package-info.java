/**
 * Hot-swappable strategies: the common identity (role, name, version) and the registry that picks the active one.
 * 0.3.0: {@link io.gridhub.api.strategy.OutputChecks}, the checks every forecast, plan and allocation must pass.
 * 0.4.0: {@link io.gridhub.api.strategy.StrategyGuard}, the guard rails (time budget, thrown, checked output) every
 * caller of a strategy runs it behind, and {@link io.gridhub.api.strategy.StrategyRole#parse}.
 */
@Version("0.4.0")
@Export
package io.gridhub.api.strategy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
