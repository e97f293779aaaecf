package io.gridhub.loop.internal.settle;

import io.gridhub.api.event.HubEvent;
import io.gridhub.api.event.HubEvents;
import io.gridhub.api.event.Severity;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Keeps every event raised, oldest first. */
final class RecordingEvents implements HubEvents {
    private final Clock clock;
    final List<HubEvent> raised = new ArrayList<>();

    RecordingEvents(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized HubEvent raise(
            String community, String source, Severity severity, String subject, String message) {
        HubEvent e = new HubEvent(raised.size() + 1, clock.instant(), community, source, severity, subject, message);
        raised.add(e);
        return e;
    }

    @Override
    public synchronized List<HubEvent> recent(int limit) {
        List<HubEvent> r = new ArrayList<>(raised);
        java.util.Collections.reverse(r);
        return r.subList(0, Math.min(limit, r.size()));
    }
}
