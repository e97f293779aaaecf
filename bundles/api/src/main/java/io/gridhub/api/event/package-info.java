/**
 * Events: what the hub raises for a person to look at (a refused device write, a community that cannot be settled,
 * a stage that failed). The anomaly triage queue builds on them.
 */
@Version("0.1.0")
@Export
package io.gridhub.api.event;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
