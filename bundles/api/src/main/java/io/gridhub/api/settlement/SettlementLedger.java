package io.gridhub.api.settlement;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The append-only settlement ledger. Runs are never changed or deleted: a re-run of a period (say with
 * corrected meter data) becomes the next version, and {@link #diff} shows what changed.
 */
@ProviderType
public interface SettlementLedger {
    /** Records a run as the next version of its community's period and returns it as recorded. */
    SettlementRun append(SettlementRun run) throws SettlementException;

    /** Every version of a period, oldest first; empty when the period was never settled. */
    List<SettlementRun> versions(String communityId, String period) throws SettlementException;

    /** The settled periods of a community, oldest first. */
    List<String> periods(String communityId) throws SettlementException;

    /** The communities with at least one settled period, sorted. */
    List<String> communities() throws SettlementException;

    default Optional<SettlementRun> version(String communityId, String period, int version) throws SettlementException {
        return versions(communityId, period).stream()
                .filter(r -> r.version() == version)
                .findFirst();
    }

    default Optional<SettlementRun> latest(String communityId, String period) throws SettlementException {
        List<SettlementRun> all = versions(communityId, period);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** What changed from one version of a period to another. */
    default SettlementDiff diff(String communityId, String period, int from, int to) throws SettlementException {
        SettlementRun a = version(communityId, period, from)
                .orElseThrow(() -> new SettlementException("no version " + from + " of " + communityId + " " + period));
        SettlementRun b = version(communityId, period, to)
                .orElseThrow(() -> new SettlementException("no version " + to + " of " + communityId + " " + period));
        return SettlementDiff.between(a, b);
    }
}
