package io.gridhub.api.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/** hub time = hubAnchor + (wall time - wallAnchor) × speed; exact at speed 1. */
final class ScaledClock extends Clock implements HubClock {
    private final Clock wall;
    private final Instant wallAnchor;
    private final Instant hubAnchor;
    private final double speed;

    ScaledClock(Clock wall, Instant wallAnchor, Instant hubAnchor, double speed) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a positive number, was " + speed);
        }
        this.wall = Objects.requireNonNull(wall, "wall").withZone(ZoneOffset.UTC);
        this.wallAnchor = Objects.requireNonNull(wallAnchor, "wallAnchor");
        this.hubAnchor = Objects.requireNonNull(hubAnchor, "hubAnchor");
        this.speed = speed;
    }

    @Override
    public Clock clock() {
        return this;
    }

    @Override
    public double speed() {
        return speed;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return zone.equals(ZoneOffset.UTC) ? this : new Zoned(this, zone);
    }

    @Override
    public Instant instant() {
        Duration elapsed = Duration.between(wallAnchor, wall.instant());
        if (speed == 1) {
            return hubAnchor.plus(elapsed);
        }
        long seconds = elapsed.getSeconds();
        double scaled = seconds * speed;
        long whole = (long) Math.floor(scaled);
        long nanos = Math.round((scaled - whole) * 1e9 + elapsed.getNano() * speed);
        return hubAnchor.plusSeconds(whole).plusNanos(nanos);
    }

    @Override
    public String toString() {
        return speed == 1 && wallAnchor.equals(hubAnchor)
                ? "HubClock[wall]"
                : "HubClock[" + hubAnchor + " at wall " + wallAnchor + ", speed " + speed + "]";
    }

    /** This clock seen in another zone (same instants). */
    private static final class Zoned extends Clock {
        private final ScaledClock base;
        private final ZoneId zone;

        Zoned(ScaledClock base, ZoneId zone) {
            this.base = base;
            this.zone = Objects.requireNonNull(zone, "zone");
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId other) {
            return base.withZone(other);
        }

        @Override
        public Instant instant() {
            return base.instant();
        }
    }
}
