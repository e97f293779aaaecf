package io.gridhub.core.internal.driver;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Reconnect delays: doubling from {@code min} up to {@code max}, each with ±20 % jitter so that many devices
 * lost together (a switch restart) do not all reconnect in the same instant.
 */
final class Backoff {
    static final double JITTER = 0.2;
    private final long minMillis;
    private final long maxMillis;
    private final DoubleSupplier random;
    private long next;

    /** @param random uniform in [0, 1); injected so tests see fixed delays */
    Backoff(Duration min, Duration max, DoubleSupplier random) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < min ≤ max, got " + min + " and " + max);
        }
        this.minMillis = min.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
        this.next = minMillis;
    }

    /** The delay before the next attempt; doubles the one after, up to the maximum. */
    Duration next() {
        long base = next;
        next = Math.min(maxMillis, next * 2);
        double factor = 1 + JITTER * (2 * random.getAsDouble() - 1);
        return Duration.ofMillis(Math.max(1, Math.round(base * factor)));
    }

    /** After a successful connect: the next loss starts again from the minimum. */
    void reset() {
        next = minMillis;
    }
}
