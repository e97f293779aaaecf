package io.gridhub.loop.internal.settle;

import io.gridhub.api.settlement.SettlementRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shadow allocator's runs beside the ones the ledger recorded, the latest per community and period, for the last
 * {@link #KEEP} periods settled, in memory: the ledger is append-only and every run in it is the members' statement,
 * so a shadow's run must never go there; only the comparison reads them, and a restart ends their history (the shadow
 * itself goes on). Thread-safe.
 */
public final class ShadowStatements {
    /** Periods kept: two months of daily settlements of one community. */
    static final int KEEP = 62;

    /** One settled period: when, the run the ledger recorded (the active allocator's) and the shadow's (unrecorded). */
    record Day(Instant at, SettlementRun active, SettlementRun shadow) {}

    private final Map<String, Day> days = new LinkedHashMap<>();

    synchronized void add(Day d) {
        String key = d.active().communityId() + " " + d.active().period();
        days.remove(key);
        days.put(key, d);
        Iterator<String> oldest = days.keySet().iterator();
        while (days.size() > KEEP) {
            oldest.next();
            oldest.remove();
        }
    }

    /** Every period kept, the least recently settled first. */
    synchronized List<Day> days() {
        return new ArrayList<>(days.values());
    }
}
