/**
 * Dispatch: a {@link io.gridhub.api.dispatch.Scenario} (topology, forecasts, prices, asset parameters, grid and
 * contract limits, policy) in, a {@link io.gridhub.api.model.Plan} with its explanation out. 0.2.0 adds asset
 * parameters, the policy, the solver runtime and the plan store; 0.3.0 the fallback service property
 * ({@link io.gridhub.api.dispatch.Dispatcher#FALLBACK_PROPERTY}); 0.4.0 drops the scenario's first-draft constructor
 * (without asset parameters and policy).
 */
@Version("0.4.0")
@Export
package io.gridhub.api.dispatch;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
