package io.gridhub.camel.internal;

import io.gridhub.api.ingest.Quarantine;
import io.gridhub.api.ingest.QuarantineEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quarantine: the newest entries in memory (a bounded ring, so a flood cannot exhaust the heap) and a count of
 * all. An operator reads it at {@code GET /api/v1/quarantine}; the log gets one warning per source when it starts
 * quarantining, not one per value.
 */
final class QuarantineLog implements Quarantine {
    private static final Logger LOG = LoggerFactory.getLogger(QuarantineLog.class);

    private final int capacity;
    private final ArrayDeque<QuarantineEntry> recent;
    private final AtomicLong total = new AtomicLong();
    private final Map<String, Boolean> warned = new ConcurrentHashMap<>();

    QuarantineLog(int capacity) {
        this.capacity = Math.max(1, capacity);
        this.recent = new ArrayDeque<>(Math.min(this.capacity, 1024));
    }

    void addAll(Collection<QuarantineEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        synchronized (recent) {
            for (QuarantineEntry e : entries) {
                if (recent.size() == capacity) {
                    recent.removeLast();
                }
                recent.addFirst(e);
            }
        }
        total.addAndGet(entries.size());
        QuarantineEntry first = entries.iterator().next();
        if (warned.putIfAbsent(first.source(), Boolean.TRUE) == null) {
            LOG.warn("source {}: {} values quarantined, first: {} ({}); see GET /api/v1/quarantine", first.source(),
                    entries.size(), first.reason(), first.raw());
        }
    }

    @Override
    public List<QuarantineEntry> recent(int limit) {
        synchronized (recent) {
            List<QuarantineEntry> out = new ArrayList<>(Math.min(limit, recent.size()));
            Iterator<QuarantineEntry> it = recent.iterator();
            while (it.hasNext() && out.size() < limit) {
                out.add(it.next());
            }
            return out;
        }
    }

    @Override
    public long total() {
        return total.get();
    }
}
