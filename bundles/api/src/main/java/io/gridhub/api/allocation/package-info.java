/** Allocation strategies: versioned policy and meter data in, traceable allocation lines out. */
@Version("0.3.0")
@Export
package io.gridhub.api.allocation;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
