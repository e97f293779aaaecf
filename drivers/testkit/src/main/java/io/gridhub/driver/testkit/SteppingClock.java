package io.gridhub.driver.testkit;

import java.time.Instant;

/**
 * The hub test kit's {@link io.gridhub.testkit.SteppingClock} under its old name, for tests not moved yet.
 *
 * @deprecated use {@code io.gridhub.testkit.SteppingClock}
 */
@Deprecated
public final class SteppingClock extends io.gridhub.testkit.SteppingClock {
    private SteppingClock(boolean followsSystem, long millis) {
        super(followsSystem, millis);
    }

    public static SteppingClock at(Instant start) {
        return new SteppingClock(false, start.toEpochMilli());
    }

    public static SteppingClock offsetFromSystem() {
        return new SteppingClock(true, 0);
    }
}
