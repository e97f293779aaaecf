/**
 * Durable storage of samples: the time-series store contract. {@link io.gridhub.api.store.TimeSeriesStore#gaps}
 * reports a point's data-quality gaps ({@link io.gridhub.api.store.QualityGap}, 0.5);
 * {@link io.gridhub.api.store.TimeSeriesStore#bucketsAndGaps} reads them with the buckets, in one read where the
 * store can ({@link io.gridhub.api.store.BucketsAndGaps}, 0.6), every store turning samples into gaps by one rule
 * ({@link io.gridhub.api.store.GapRuns}, 0.6).
 */
@Version("0.6.0")
@Export
package io.gridhub.api.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
