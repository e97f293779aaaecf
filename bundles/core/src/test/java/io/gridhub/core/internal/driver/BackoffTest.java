package io.gridhub.core.internal.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesFromMinimumUpToMaximumAndResets() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.5);
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            delays.add(b.next().toMillis());
        }
        assertThat(delays).containsExactly(1000L, 2000L, 4000L, 8000L, 16000L, 32000L, 60000L, 60000L, 60000L);
        b.reset();
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void jitterStaysWithinTwentyPercent() {
        Backoff low = new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(60), () -> 0.0);
        Backoff high = new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(60), () -> 0.999_999);
        assertThat(low.next()).isEqualTo(Duration.ofSeconds(8));
        assertThat(high.next().toMillis()).isBetween(11_999L, 12_000L);
    }

    @Test
    void refusesABackwardsRange() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1), () -> 0.5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
