/**
 * Durable storage of samples: the time-series store contract. {@link io.gridhub.api.store.TimeSeriesStore#gaps}
 * reports a point's data-quality gaps ({@link io.gridhub.api.store.QualityGap}, 0.5).
 */
@Version("0.5.0")
@Export
package io.gridhub.api.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
