package io.gridhub.itests;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polling with a deadline: no wait in these tests is open-ended. */
public final class Waits {
    private static final long POLL_MILLIS = 50;

    private Waits() {}

    /** Polls until the condition holds; false when the timeout passed first. */
    public static boolean until(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        return value(timeout, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty())
                .isPresent();
    }

    /** Polls until the supplier has a value; empty when the timeout passed first. */
    public static <T> Optional<T> value(Duration timeout, Supplier<Optional<T>> supplier) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> v = supplier.get();
            if (v.isPresent()) {
                return v;
            }
            if (System.nanoTime() - deadline >= 0) {
                return Optional.empty();
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
