package io.gridhub.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock a test moves: from a fixed instant, or from the system clock plus an offset (for code that also waits on
 * real time, e.g. a protocol library's timers). Thread-safe; its zone is UTC.
 */
public class SteppingClock extends Clock {
    private final boolean followsSystem;
    private final AtomicLong millis;

    /** For the driver test kit's subclass, which keeps its old name for vendors; tests use the factories. */
    protected SteppingClock(boolean followsSystem, long millis) {
        this.followsSystem = followsSystem;
        this.millis = new AtomicLong(millis);
    }

    /** Stands at {@code start} until the test advances it. */
    public static SteppingClock at(Instant start) {
        return new SteppingClock(false, start.toEpochMilli());
    }

    /** The system clock, plus what the test has advanced it by. */
    public static SteppingClock offsetFromSystem() {
        return new SteppingClock(true, 0);
    }

    public void advance(Duration d) {
        millis.addAndGet(d.toMillis());
    }

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
        return Instant.ofEpochMilli(followsSystem ? System.currentTimeMillis() + millis.get() : millis.get());
    }
}
