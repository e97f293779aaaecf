/**
 * What-if drills on the live community (docs/drills.md): a drill (the JSON of docs/drill-scenario.schema.json without
 * its {@code scenario}) runs on the operating loop's current scenario of a community, and its report is kept for a
 * while. The drill bundle implements {@link io.gridhub.api.drill.DrillService}; the REST API calls it.
 */
@Version("0.1.0")
@Export
package io.gridhub.api.drill;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
