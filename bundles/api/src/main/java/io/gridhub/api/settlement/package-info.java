/** Settlement: the append-only ledger of allocation runs per period, their differences and member statements.
 * 0.4.0: {@code SettlementInput} has its one canonical constructor (the shorter ones are gone). */
@Version("0.4.0")
@Export
package io.gridhub.api.settlement;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
