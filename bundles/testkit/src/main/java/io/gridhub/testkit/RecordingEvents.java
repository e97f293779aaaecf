package io.gridhub.testkit;

import io.gridhub.api.event.HubEvent;
import io.gridhub.api.event.HubEvents;
import io.gridhub.api.event.Severity;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Hub events in memory: {@link #raised} keeps every event, oldest first, stamped with the clock's time. */
public class RecordingEvents implements HubEvents {
    public final List<HubEvent> raised = new CopyOnWriteArrayList<>();
    private final Clock clock;

    public RecordingEvents(Clock clock) {
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
        List<HubEvent> out = new ArrayList<>();
        for (int i = raised.size() - 1; i >= 0 && out.size() < limit; i--) {
            out.add(raised.get(i));
        }
        return out;
    }
}
