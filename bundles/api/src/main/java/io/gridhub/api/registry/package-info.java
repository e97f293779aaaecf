/** Where the hub keeps what it knows about points and the community topology. */
@Version("0.2.0")
@Export
package io.gridhub.api.registry;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
