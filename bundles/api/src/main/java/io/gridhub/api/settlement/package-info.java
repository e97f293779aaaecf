/** Settlement: the append-only ledger of allocation runs per period, their differences and member statements. */
@Version("0.3.0")
@Export
package io.gridhub.api.settlement;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
