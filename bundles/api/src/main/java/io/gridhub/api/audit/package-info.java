/**
 * The audit trail: one append-only, keyed (HMAC) chain of every control action and governed change, whatever
 * channel it came through (REST, OPC UA, IEC 104, the loop's setpoint writes, strategy activation, configuration).
 */
@Version("0.1.0")
@Export
package io.gridhub.api.audit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
