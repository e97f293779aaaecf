package io.gridhub.testkit;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded waits: poll a condition until it holds or a timeout passes. No wait in a test is open-ended, and one that
 * times out fails with what it waited for and how long.
 */
public final class Waits {
    private static final long POLL_MILLIS = 20;

    private Waits() {}

    /**
     * Polls until {@code condition} holds.
     *
     * @param description what the test waits for, e.g. "the second interrogation"
     * @throws AssertionError when {@code timeout} passed first (or the waiting thread was interrupted)
     */
    public static void until(Duration timeout, BooleanSupplier condition, String description) {
        value(timeout, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty(), description);
    }

    /**
     * Polls until {@code supplier} has a value and returns it.
     *
     * @throws AssertionError when {@code timeout} passed first (or the waiting thread was interrupted)
     */
    public static <T> T value(Duration timeout, Supplier<Optional<T>> supplier, String description) {
        return poll(timeout, supplier)
                .orElseThrow(() -> new AssertionError("timed out after " + timeout + " waiting for " + description));
    }

    /**
     * Polls until {@code condition} holds; false when {@code timeout} passed first, for a test that goes on to say
     * what it saw instead.
     */
    public static boolean holds(Duration timeout, BooleanSupplier condition) {
        return poll(timeout, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty())
                .isPresent();
    }

    /** Polls until {@code supplier} has a value; empty when {@code timeout} passed first. */
    public static <T> Optional<T> poll(Duration timeout, Supplier<Optional<T>> supplier) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> v = supplier.get();
            if (v.isPresent()) {
                return v;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            try {
                Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
        }
    }
}
