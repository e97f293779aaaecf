/**
 * The operating loop: each cycle of a community runs Sense → Forecast → Optimize → Govern → Execute → Measure, and
 * Settle runs daily. The loop reports the last run of every stage, the control authority in force, what became of
 * each planned setpoint, and planned against measured per interval.
 */
@Version("0.1.0")
@Export
package io.gridhub.api.loop;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
