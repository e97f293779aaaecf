/** Settlement: the append-only ledger of allocation runs per period, their differences and member statements.
 * 0.4.0: {@code SettlementInput} has its one canonical constructor (the shorter ones are gone). 0.5.0: the caller may
 * run the allocation ({@code SettlementService.settle(input, allocation)}: the loop's guard rails and shadow), and a
 * member statement names the strategy that made its run ({@code MemberStatement.strategy}). 0.6.0: {@code
 * SettlementListener}, told of every recorded run (the settlement checks of the anomaly queue). 0.7.0: one member's
 * part of a difference ({@code SettlementDiff.linesOf}, {@code SettlementDiff.shareOf}). */
@Version("0.7.0")
@Export
package io.gridhub.api.settlement;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
