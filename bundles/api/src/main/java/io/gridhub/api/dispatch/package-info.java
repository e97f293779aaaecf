/** Dispatch strategies: a scenario in, a plan with its explanation out. */
@Version("0.1.0")
@Export
package io.gridhub.api.dispatch;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
