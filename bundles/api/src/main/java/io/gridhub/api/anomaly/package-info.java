/**
 * Anomalies: what a detector finds in telemetry or in a settlement ({@link io.gridhub.api.anomaly.Finding}), the
 * strategy role that finds it ({@link io.gridhub.api.anomaly.AnomalyDetector}) and the triage queue where a person
 * acknowledges and resolves it ({@link io.gridhub.api.anomaly.AnomalyQueue}).
 */
@Version("0.1.0")
@Export
package io.gridhub.api.anomaly;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
