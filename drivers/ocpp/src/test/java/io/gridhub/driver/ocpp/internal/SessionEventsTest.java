package io.gridhub.driver.ocpp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.gridhub.api.event.HubEvent;
import io.gridhub.api.event.Severity;
import io.gridhub.testkit.RecordingEvents;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SessionEventsTest {
    private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");

    @Test
    void startOfflineAndEndBecomeEventsOfTheChargePointAndNothingWithoutALog() {
        RecordingEvents log = new RecordingEvents(Clock.fixed(T0, ZoneOffset.UTC));
        RecordingEvents[] current = {null};
        SessionEvents events = new SessionEvents(() -> current[0]);
        SessionBook book = new SessionBook(T0);
        var s = book.start("cp1", OcppPeerTest.cp("cp1"), 1, "TAG", 0, T0);
        events.sessionStarted(s);
        assertThat(log.recent(10)).isEmpty();

        current[0] = log;
        events.sessionStarted(s);
        events.sessionChanged(book.online("cp1", false).get(0));
        events.sessionChanged(book.online("cp1", true).get(0));
        events.sessionChanged(
                book.stop("cp1", s.transactionId(), 4321.4, T0.plusSeconds(60)).orElseThrow());
        assertThat(log.recent(10))
                .extracting(HubEvent::severity, HubEvent::subject, HubEvent::message)
                .containsExactly(
                        tuple(Severity.INFO, "cp1", "session " + s.id() + " ended, 4321 Wh delivered"),
                        tuple(
                                Severity.WARNING,
                                "cp1",
                                "charge point offline during session " + s.id() + ": its limits are relaxed"),
                        tuple(Severity.INFO, "cp1", "session " + s.id() + " started on connector 1"));
        assertThat(log.recent(10)).allMatch(e -> e.source().equals("ocpp"));
    }
}
