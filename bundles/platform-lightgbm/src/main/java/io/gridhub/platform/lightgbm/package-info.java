/** Loads LightGBM's natives once per JVM; call {@link io.gridhub.platform.lightgbm.LightGbm#ensureLoaded()} first. */
@Version("1.0.0")
@Export
package io.gridhub.platform.lightgbm;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
