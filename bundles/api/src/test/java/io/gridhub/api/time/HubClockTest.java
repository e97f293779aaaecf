package io.gridhub.api.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HubClockTest {
    private static final Instant WALL = Instant.parse("2026-12-06T20:00:00Z");
    private static final Instant HUB = Instant.parse("2026-12-07T00:00:00Z");

    /** A wall clock the test moves. */
    private static final class Wall extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(WALL);

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    @Test
    void runsSpeedTimesFasterFromTheSharedAnchor() {
        Wall wall = new Wall();
        HubClock hub = HubClock.scaled(wall, WALL, HUB, 60);
        assertThat(hub.clock().instant()).isEqualTo(HUB);
        wall.now.set(WALL.plusSeconds(24 * 60));
        assertThat(hub.clock().instant()).isEqualTo(HUB.plus(Duration.ofDays(1)));
        wall.now.set(WALL.plusMillis(1500));
        assertThat(hub.clock().instant()).isEqualTo(HUB.plusSeconds(90));
        // Before the anchor it runs backwards just as fast: two processes given the same anchor agree at any time.
        wall.now.set(WALL.minusSeconds(2));
        assertThat(hub.clock().instant()).isEqualTo(HUB.minusSeconds(120));
    }

    @Test
    void keepsSubSecondPrecisionAtFractionalSpeeds() {
        Wall wall = new Wall();
        HubClock hub = HubClock.scaled(wall, WALL, HUB, 2.5);
        wall.now.set(WALL.plusSeconds(3).plusNanos(400_000_000));
        assertThat(hub.clock().instant()).isEqualTo(HUB.plusSeconds(8).plusMillis(500));
    }

    @Test
    void atSpeedOneItIsTheWallClockShifted() {
        Wall wall = new Wall();
        HubClock hub = HubClock.scaled(wall, WALL, HUB, 1);
        wall.now.set(WALL.plusNanos(123_456_789_123L));
        assertThat(hub.clock().instant()).isEqualTo(HUB.plusNanos(123_456_789_123L));
        assertThat(HubClock.system().speed()).isEqualTo(1);
        assertThat(Duration.between(HubClock.system().clock().instant(), Instant.now())
                        .abs())
                .isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void convertsHubPeriodsToWallDelays() {
        HubClock hub = HubClock.scaled(new Wall(), WALL, HUB, 60);
        assertThat(hub.wall(Duration.ofMinutes(15))).isEqualTo(Duration.ofSeconds(15));
        assertThat(hub.wall(Duration.ofMillis(10))).isEqualTo(Duration.ofMillis(1));
        assertThat(HubClock.system().wall(Duration.ofMinutes(15))).isEqualTo(Duration.ofMinutes(15));
        // and back: 15 s of wall time are 15 min of hub time at speed 60
        assertThat(hub.hub(Duration.ofSeconds(15))).isEqualTo(Duration.ofMinutes(15));
        assertThat(hub.hub(hub.wall(Duration.ofMinutes(7)))).isEqualTo(Duration.ofMinutes(7));
        assertThat(HubClock.system().hub(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void inAnotherZoneItReadsTheSameInstants() {
        Wall wall = new Wall();
        Clock sydney = HubClock.scaled(wall, WALL, HUB, 60).clock().withZone(ZoneId.of("Australia/Sydney"));
        wall.now.set(WALL.plusSeconds(60));
        assertThat(sydney.instant()).isEqualTo(HUB.plusSeconds(3600));
        assertThat(sydney.getZone()).isEqualTo(ZoneId.of("Australia/Sydney"));
        assertThat(sydney.withZone(ZoneOffset.UTC).instant()).isEqualTo(HUB.plusSeconds(3600));
    }

    @Test
    void refusesSpeedsThatAreNotPositive() {
        for (double speed : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> HubClock.scaled(new Wall(), WALL, HUB, speed))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("speed must be a positive number");
        }
    }
}
