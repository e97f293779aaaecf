package io.gridhub.sim.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The field's simulated time: {@code sim(t) = simAnchor + (t - wallAnchor) × speed}, t read from a wall clock. The
 * launcher gives the hub's clock the same three numbers, so that both agree.
 */
final class SimClock extends Clock {
    private final Clock wall;
    private final long wallAnchorMillis;
    private final long simAnchorMillis;
    private final double speed;

    SimClock(Clock wall, long wallAnchorMillis, Instant simAnchor, double speed) {
        if (!(speed > 0) || !Double.isFinite(speed)) {
            throw new IllegalArgumentException("speed must be > 0, got " + speed);
        }
        this.wall = wall;
        this.wallAnchorMillis = wallAnchorMillis;
        this.simAnchorMillis = simAnchor.toEpochMilli();
        this.speed = speed;
    }

    double speed() {
        return speed;
    }

    @Override
    public long millis() {
        return simAnchorMillis + Math.round((wall.millis() - wallAnchorMillis) * speed);
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
