/**
 * The normalized model: topology, points, samples, time series, plans and allocations. Immutable records; times are
 * {@link java.time.Instant}s; units per docs/data-model.md. 0.3.0 adds a plan's solve time
 * ({@link io.gridhub.api.model.Plan#solveTime()}).
 */
@Version("0.3.0")
@Export
package io.gridhub.api.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
