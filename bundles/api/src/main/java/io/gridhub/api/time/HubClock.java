package io.gridhub.api.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The hub's time, one service for every component. Whatever stamps, forecasts, plans, executes against a plan or
 * settles reads {@link #clock()}. In production it is the system clock; in {@code ./gridhub demo --speed N} it runs
 * N times faster than the wall clock from an anchor the hub and the demo's field devices share, so that both agree
 * on the time. What is timed by the wall clock stays on it: poll intervals, protocol timeouts, device watchdogs,
 * tokens and the audit trail. A component that repeats a task every so much hub time schedules it every
 * {@link #wall(Duration)} of that.
 */
public interface HubClock {
    /** The hub's clock (UTC). */
    Clock clock();

    /** Hub seconds per wall second: 1 in production, N in accelerated time. */
    double speed();

    /** The wall time in which {@code hubTime} passes on this clock, at least 1 ms. */
    default Duration wall(Duration hubTime) {
        return Duration.ofMillis(Math.max(1, Math.round(hubTime.toMillis() / speed())));
    }

    /** The hub time that passes on this clock in {@code wallTime}: the inverse of {@link #wall(Duration)}. */
    default Duration hub(Duration wallTime) {
        return Duration.ofMillis(Math.round(wallTime.toMillis() * speed()));
    }

    /** The system clock, at speed 1. */
    static HubClock system() {
        return new ScaledClock(Clock.systemUTC(), Instant.EPOCH, Instant.EPOCH, 1);
    }

    /**
     * A clock that reads {@code hubAnchor} when the wall clock reads {@code wallAnchor} and runs {@code speed}
     * times as fast from there: hub time = hubAnchor + (wall time - wallAnchor) × speed.
     *
     * @throws IllegalArgumentException when the speed is not a positive finite number
     */
    static HubClock scaled(Clock wall, Instant wallAnchor, Instant hubAnchor, double speed) {
        return new ScaledClock(wall, wallAnchor, hubAnchor, speed);
    }
}
