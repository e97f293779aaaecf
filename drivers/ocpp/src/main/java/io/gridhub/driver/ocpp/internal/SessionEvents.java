package io.gridhub.driver.ocpp.internal;

import io.gridhub.api.ev.EvSession;
import io.gridhub.api.ev.EvSessionListener;
import io.gridhub.api.event.HubEvents;
import io.gridhub.api.event.Severity;
import java.util.function.Supplier;

/**
 * Sessions as hub events for the operator (the console's event list): a session started (INFO), its charge point
 * went offline during it (WARNING: its constraints are relaxed), it is back (INFO) or it ended (INFO, with the energy
 * delivered). Nothing while the event log is absent.
 */
final class SessionEvents implements EvSessionListener {
    static final String SOURCE = "ocpp";

    private final Supplier<HubEvents> events;

    SessionEvents(Supplier<HubEvents> events) {
        this.events = events;
    }

    @Override
    public void sessionStarted(EvSession s) {
        raise(s, Severity.INFO, "session " + s.id() + " started on connector " + s.connectorId());
    }

    @Override
    public void sessionChanged(EvSession s) {
        switch (s.state()) {
            case OFFLINE ->
                raise(
                        s,
                        Severity.WARNING,
                        "charge point offline during session " + s.id() + ": its limits are relaxed");
            case ENDED ->
                raise(
                        s,
                        Severity.INFO,
                        "session " + s.id() + " ended, " + Math.round(s.energyDeliveredWh()) + " Wh delivered");
            default -> {
                // Active again, or the member changed its departure or energy: no event (the session list shows it).
            }
        }
    }

    private void raise(EvSession s, Severity severity, String message) {
        HubEvents e = events.get();
        if (e != null) {
            e.raise("", SOURCE, severity, s.chargePointId(), message);
        }
    }
}
