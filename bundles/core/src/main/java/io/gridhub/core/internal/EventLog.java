package io.gridhub.core.internal;

import io.gridhub.api.event.HubEvent;
import io.gridhub.api.event.HubEvents;
import io.gridhub.api.event.Severity;
import io.gridhub.api.time.HubClock;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's recent events, newest first, bounded (the oldest go first); each is also logged once, at WARN for
 * warnings and alarms. Events that must survive a restart (control actions) are in the audit trail as well.
 */
@Component(service = HubEvents.class)
public final class EventLog implements HubEvents {
    static final int CAPACITY = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
    private final Deque<HubEvent> events = new ArrayDeque<>();
    private final Clock clock;
    private long next = 1;

    @Activate
    public EventLog(@Reference HubClock time) {
        this(time.clock());
    }

    EventLog(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized HubEvent raise(
            String community, String source, Severity severity, String subject, String message) {
        HubEvent e = new HubEvent(next++, clock.instant(), community, source, severity, subject, message);
        events.addFirst(e);
        while (events.size() > CAPACITY) {
            events.removeLast();
        }
        if (severity == Severity.INFO) {
            LOG.info("event {} {} {}: {}", e.id(), e.community(), e.source(), e.message());
        } else {
            LOG.warn("{} {} {} {}: {}", severity, e.id(), e.community(), e.source(), e.message());
        }
        return e;
    }

    @Override
    public synchronized List<HubEvent> recent(int limit) {
        List<HubEvent> out = new ArrayList<>(Math.min(Math.max(0, limit), events.size()));
        Iterator<HubEvent> it = events.iterator();
        while (it.hasNext() && out.size() < limit) {
            out.add(it.next());
        }
        return out;
    }
}
