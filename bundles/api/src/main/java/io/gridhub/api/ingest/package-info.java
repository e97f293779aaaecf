/** Raw readings into normalization (the driver host's side of the ingest pipeline), device mappings, the quarantine. */
@Version("0.3.0")
@Export
package io.gridhub.api.ingest;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
