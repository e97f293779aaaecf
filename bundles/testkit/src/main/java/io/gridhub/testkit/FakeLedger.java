package io.gridhub.testkit;

import io.gridhub.api.settlement.SettlementLedger;
import io.gridhub.api.settlement.SettlementRun;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The settlement ledger in memory: append-only, versions 1, 2, … per community and period recorded at the clock's
 * time, the behaviour the store's durable ledger must match. Thread-safe.
 */
public class FakeLedger implements SettlementLedger {
    private final Clock clock;
    private final Map<String, Map<String, List<SettlementRun>>> runs = new TreeMap<>();

    public FakeLedger(Clock clock) {
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
