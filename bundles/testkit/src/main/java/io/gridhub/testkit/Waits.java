package io.gridhub.testkit;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded waits: poll a condition until it holds or a timeout passes. No wait in a test is open-ended, and one that
 * times out fails with what it waited for and how long.
 *
 * <p>Every timeout is multiplied by the system property {@code gridhub.waitScale} (default 1; the build sets 4): a
 * wait ends as soon as its condition holds, so a generous deadline costs nothing when the machine is quiet, and on a
 * busy 2-core machine (load 40 during a loaded {@code mvn verify}) an event that takes a second idle can take ten.
 */
public final class Waits {
    private static final long POLL_MILLIS = 20;
    private static final double SCALE = scale(System.getProperty("gridhub.waitScale", "1"));

    static double scale(String value) {
        try {
            double v = Double.parseDouble(value.trim());
            return Double.isFinite(v) && v >= 1 ? v : 1;
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** A test's own deadline scaled like the waits here, for loops that cannot use them. */
    public static Duration patience(Duration timeout) {
        return Duration.ofNanos((long) (timeout.toNanos() * SCALE));
    }

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
                .orElseThrow(() ->
                        new AssertionError("timed out after " + patience(timeout) + " waiting for " + description));
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
        long deadline = System.nanoTime() + patience(timeout).toNanos();
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
