/**
 * The hub's time: the clock on which values are stamped, plans are made and days are settled, and how fast it
 * runs against the wall clock (faster in the demo's accelerated time).
 */
@Version("1.1.0")
@Export
package io.gridhub.api.time;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
