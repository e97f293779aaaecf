package io.gridhub.api.settlement;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs an allocation from meter data as the hub receives it in files or requests (CSV text, policy JSON) with
 * the same checks and messages as {@code ./gridhub allocate}, and records the run in the ledger.
 */
@ProviderType
public interface SettlementService {
    /** Allocates and appends the run as the next version of its period. */
    SettlementRun settle(SettlementInput input) throws InvalidInputException, SettlementException;

    /** The method names it can run, e.g. {@code static}, {@code dynamic}, {@code shapley}. */
    List<String> methods();
}
