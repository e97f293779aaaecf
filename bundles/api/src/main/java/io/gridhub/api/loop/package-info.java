/**
 * The operating loop: each cycle of a community runs Sense → Forecast → Optimize → Govern → Execute → Measure, and
 * Settle runs daily. The loop reports the last run of every stage, the control authority in force, what became of
 * each planned setpoint, and planned against measured per interval. Every stage run, as it ends, reaches each
 * {@link io.gridhub.api.loop.StageListener} service. 0.2.0 adds the listener and a stage run's solve time;
 * 0.3.0 the last scenario of a community ({@link io.gridhub.api.loop.OperatingLoop#scenario}).
 */
@Version("0.3.0")
@Export
package io.gridhub.api.loop;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
