/** Durable storage of samples: the time-series store contract. */
@Version("0.4.0")
@Export
package io.gridhub.api.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
