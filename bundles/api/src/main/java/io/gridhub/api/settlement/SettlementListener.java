package io.gridhub.api.settlement;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of every run the settlement service records (a first settlement of a period or a corrected version of it),
 * after the ledger has it: the hub's settlement checks listen. Registered as a service (whiteboard); called on the
 * settling thread, so a listener returns at once and does its work elsewhere. A listener that throws is logged and
 * never fails the settlement.
 */
@ConsumerType
@FunctionalInterface
public interface SettlementListener {
    void settled(SettlementRun run);
}
