package io.gridhub.allocation.internal.ledger;

import io.gridhub.api.settlement.SettlementLedger;
import io.gridhub.api.settlement.SettlementRun;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The settlement ledger in memory: append-only, versions per community and period. Not durable — it is empty
 * after a restart — until the store module offers the JDBC ledger ({@link JdbcSettlementLedger}) as a service.
 */
@Component(service = SettlementLedger.class, property = "gridhub.ledger=memory")
public final class InMemorySettlementLedger implements SettlementLedger {
    private final Clock clock;
    private final Map<String, Map<String, List<SettlementRun>>> runs = new TreeMap<>();

    @Activate
    public InMemorySettlementLedger() {
        this(Clock.systemUTC());
    }

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
