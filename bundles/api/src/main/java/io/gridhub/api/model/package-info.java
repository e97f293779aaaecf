/**
 * The normalized model: topology, points, samples, time series, plans and allocations. Immutable records; times are
 * {@link java.time.Instant}s; units per docs/data-model.md. 0.3.0 adds a plan's solve time
 * ({@link io.gridhub.api.model.Plan#solveTime()}); 0.4.0 the version of the strategy that made a plan
 * ({@link io.gridhub.api.model.Plan#strategyVersion()}, {@link io.gridhub.api.model.Plan#madeBy}; the shorter
 * constructors kept); 0.5.0 every asset of a community with its member and site
 * ({@link io.gridhub.api.model.Community#placements()}); 0.6.0 a member's factor in a community from its
 * participations in one place ({@link io.gridhub.api.model.Participation#factorIn}, which {@code Member.factorIn} and
 * {@code AllocationPolicy.factorOf} use).
 */
@Version("0.6.0")
@Export
package io.gridhub.api.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
