package io.gridhub.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.time.HubClock;
import io.gridhub.testkit.Settings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HubClockComponentTest {
    private static final Instant WALL = Instant.parse("2026-12-06T21:00:00Z");
    private static final Clock FIXED = Clock.fixed(WALL, ZoneOffset.UTC);

    private static HubClock clock(Map<String, Object> settings) {
        return HubClockComponent.clock(Settings.of(HubClockComponent.Config.class, settings), FIXED);
    }

    @Test
    void withoutConfigurationItIsTheSystemClock() {
        HubClock c = clock(Map.of());
        assertThat(c.speed()).isEqualTo(1);
        assertThat(Duration.between(c.clock().instant(), Instant.now()).abs()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theDemoAnchorAndSpeedGiveTheSharedTime() {
        HubClock c = clock(Map.of(
                "speed",
                60.0,
                "wallAnchorMillis",
                WALL.minusSeconds(24 * 60).toEpochMilli(),
                "hubAnchor",
                "2026-12-06T00:00:00Z"));
        assertThat(c.speed()).isEqualTo(60);
        assertThat(c.clock().instant()).isEqualTo(Instant.parse("2026-12-07T00:00:00Z"));
    }

    @Test
    void anUnusableConfigurationFallsBackToTheSystemClock() {
        assertThat(clock(Map.of("speed", 0.0)).speed()).isEqualTo(1);
        assertThat(clock(Map.of("speed", 1e6)).speed()).isEqualTo(1);
        assertThat(clock(Map.of("speed", 60.0, "hubAnchor", "tomorrow")).speed())
                .isEqualTo(1);
    }
}
