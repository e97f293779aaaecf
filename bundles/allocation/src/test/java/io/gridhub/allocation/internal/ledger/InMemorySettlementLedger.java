package io.gridhub.allocation.internal.ledger;

import io.gridhub.api.settlement.SettlementLedger;
import io.gridhub.api.settlement.SettlementRun;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A settlement ledger in memory for tests: append-only, versions per community and period, the behaviour the
 * store's durable ledger (gridhub-store-derby's JdbcSettlementLedger) must match.
 */
public final class InMemorySettlementLedger implements SettlementLedger {
    private final Clock clock;
    private final Map<String, Map<String, List<SettlementRun>>> runs = new TreeMap<>();

    public InMemorySettlementLedger(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized SettlementRun append(SettlementRun run) {
        List<SettlementRun> versions = runs.computeIfAbsent(run.communityId(), k -> new TreeMap<>())
                .computeIfAbsent(run.period(), k -> new ArrayList<>());
        SettlementRun recorded = run.recorded(versions.size() + 1, clock.instant());
        versions.add(recorded);
        return recorded;
    }

    @Override
    public synchronized List<SettlementRun> versions(String communityId, String period) {
        return List.copyOf(runs.getOrDefault(communityId, Map.of()).getOrDefault(period, List.of()));
    }

    @Override
    public synchronized List<String> periods(String communityId) {
        return List.copyOf(runs.getOrDefault(communityId, Map.of()).keySet());
    }

    @Override
    public synchronized List<String> communities() {
        return List.copyOf(runs.keySet());
    }
}
