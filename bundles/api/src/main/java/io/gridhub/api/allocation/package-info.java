/** Allocation strategies: versioned policy and meter data in, traceable allocation lines out.
 * 0.4.0: {@code AllocationPolicy} has its one canonical constructor (and {@code defaults}). */
@Version("0.4.0")
@Export
package io.gridhub.api.allocation;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
