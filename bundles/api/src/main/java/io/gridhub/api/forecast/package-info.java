/** Forecast strategies: history and exogenous series in, P10/P50/P90 out. */
@Version("0.1.0")
@Export
package io.gridhub.api.forecast;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
