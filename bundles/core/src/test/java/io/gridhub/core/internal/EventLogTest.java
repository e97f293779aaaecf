package io.gridhub.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.event.HubEvent;
import io.gridhub.api.event.Severity;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventLogTest {
    @Test
    void newestFirstWithGapFreeIdsAndBounded() {
        EventLog log = new EventLog(Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC));
        for (int i = 0; i < EventLog.CAPACITY + 5; i++) {
            log.raise("demo", "loop.execute", Severity.WARNING, "shared-bat", "event " + i);
        }
        List<HubEvent> recent = log.recent(3);
        assertThat(recent)
                .extracting(HubEvent::message)
                .containsExactly(
                        "event " + (EventLog.CAPACITY + 4),
                        "event " + (EventLog.CAPACITY + 3),
                        "event " + (EventLog.CAPACITY + 2));
        assertThat(recent.get(0).id()).isEqualTo(EventLog.CAPACITY + 5);
        assertThat(log.recent(Integer.MAX_VALUE)).hasSize(EventLog.CAPACITY);
        assertThat(log.recent(0)).isEmpty();
    }
}
