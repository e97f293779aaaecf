package io.gridhub.core.internal.driver;

import java.time.Clock;

/** Events per second over the last complete window (10 s): cheap, and steady enough for a status page. */
final class RateMeter {
    private static final long WINDOW_MILLIS = 10_000;
    private final Clock clock;
    private long windowStart;
    private long inWindow;
    private double rate;

    RateMeter(Clock clock) {
        this.clock = clock;
        this.windowStart = clock.millis();
    }

    synchronized void mark() {
        roll();
        inWindow++;
    }

    synchronized double perSecond() {
        roll();
        return rate;
    }

    private void roll() {
        long now = clock.millis();
        long elapsed = now - windowStart;
        if (elapsed >= WINDOW_MILLIS) {
            // A window with no marks after a longer gap reads as zero, not as the old rate.
            rate = elapsed >= 2 * WINDOW_MILLIS ? 0 : inWindow * 1000.0 / elapsed;
            windowStart = now;
            inWindow = 0;
        }
    }
}
