package io.gridhub.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WaitsTest {
    @Test
    void untilReturnsOnceTheConditionHolds() {
        AtomicInteger polls = new AtomicInteger();
        Waits.until(Duration.ofSeconds(5), () -> polls.incrementAndGet() == 3, "the third poll");
        assertThat(polls).hasValue(3);
    }

    @Test
    void aTimeoutFailsWithWhatWasAwaitedAndHowLong() {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Waits.until(Duration.ofMillis(100), () -> false, "a reply from the outstation"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("timed out after " + Waits.patience(Duration.ofMillis(100))
                        + " waiting for a reply from the outstation");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(100), Duration.ofSeconds(5));
    }

    @Test
    void valueReturnsWhatTheSupplierFound() {
        AtomicInteger polls = new AtomicInteger();
        String v = Waits.value(
                Duration.ofSeconds(5),
                () -> polls.incrementAndGet() < 2 ? Optional.empty() : Optional.of("ready"),
                "the value");
        assertThat(v).isEqualTo("ready");
        assertThat(Waits.poll(Duration.ofMillis(30), Optional::empty)).isEmpty();
    }

    @Test
    void holdsSaysFalseInsteadOfFailing() {
        assertThat(Waits.holds(Duration.ofMillis(50), () -> false)).isFalse();
        assertThat(Waits.holds(Duration.ofMillis(50), () -> true)).isTrue();
    }

    @Test
    void anInterruptedWaitFailsAndKeepsTheInterrupt() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> Waits.until(Duration.ofSeconds(5), () -> false, "never"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("interrupted while waiting");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void theScaleIsAFactorOfAtLeastOneAndABadValueMeansOne() {
        assertThat(Waits.scale("4")).isEqualTo(4);
        assertThat(Waits.scale(" 2.5 ")).isEqualTo(2.5);
        assertThat(Waits.scale("0.5")).as("never shorter than asked").isEqualTo(1);
        assertThat(Waits.scale("four")).isEqualTo(1);
        assertThat(Waits.scale("NaN")).isEqualTo(1);
        assertThat(Waits.patience(Duration.ofSeconds(15))).isGreaterThanOrEqualTo(Duration.ofSeconds(15));
    }
}
