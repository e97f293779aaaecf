package io.gridhub.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SteppingClockTest {
    @Test
    void standsStillUntilAdvanced() {
        SteppingClock c = SteppingClock.at(Instant.parse("2026-12-06T10:00:00Z"));
        assertThat(c.instant()).isEqualTo(Instant.parse("2026-12-06T10:00:00Z"));
        c.advance(Duration.ofMinutes(15));
        assertThat(c.instant()).isEqualTo(Instant.parse("2026-12-06T10:15:00Z"));
        assertThat(c.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(c.withZone(ZoneId.of("Europe/Vienna")).instant()).isEqualTo(c.instant());
    }

    @Test
    void offsetFromSystemRunsWithTheSystemClockPlusTheSteps() {
        SteppingClock c = SteppingClock.offsetFromSystem();
        c.advance(Duration.ofHours(1));
        Instant expected = Instant.now().plus(Duration.ofHours(1));
        assertThat(Duration.between(expected, c.instant()).abs()).isLessThan(Duration.ofSeconds(5));
    }
}
