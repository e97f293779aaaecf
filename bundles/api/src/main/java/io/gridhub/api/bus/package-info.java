/** The sample bus: publish samples, subscribe with a bounded queue, read latest values. */
@Version("0.1.0")
@Export
package io.gridhub.api.bus;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
