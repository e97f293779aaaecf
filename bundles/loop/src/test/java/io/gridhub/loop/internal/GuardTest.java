package io.gridhub.loop.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuardTest {
    @Test
    void aValidOutputPassesAndAnInvalidOneNamesItsFirstThreeProblems() {
        try (Guard g = new Guard(Duration.ofSeconds(5))) {
            Guard.Outcome<String> ok = g.run(() -> "plan", x -> List.of(), "plan");
            assertThat(ok.ok()).isTrue();
            assertThat(ok.output()).isEqualTo("plan");
            Guard.Outcome<String> bad = g.run(() -> "plan", x -> List.of("a", "b", "c", "d", "e"), "plan");
            assertThat(bad.ok()).isFalse();
            assertThat(bad.output()).isNull();
            assertThat(bad.problem()).isEqualTo("returned an invalid plan: a; b; c (and 2 more)");
        }
    }

    @Test
    void whatItThrowsIsKeptAndAChecksFailureIsAProblemToo() {
        try (Guard g = new Guard(Duration.ofSeconds(5))) {
            Guard.Outcome<String> thrown = g.run(
                    () -> {
                        throw new IllegalArgumentException("odd input");
                    },
                    x -> List.of(),
                    "allocation");
            assertThat(thrown.problem()).isEqualTo("threw java.lang.IllegalArgumentException: odd input");
            assertThat(thrown.thrown()).isInstanceOf(IllegalArgumentException.class);
            Guard.Outcome<String> unreadable = g.run(
                    () -> "x",
                    x -> {
                        throw new IllegalStateException("broken");
                    },
                    "allocation");
            assertThat(unreadable.problem())
                    .isEqualTo("returned an allocation the checks could not read: "
                            + "java.lang.IllegalStateException: broken");
        }
    }

    @Test
    void anOverrunIsCutAtTheBudget() {
        try (Guard g = new Guard(Duration.ofMillis(200))) {
            long start = System.nanoTime();
            Guard.Outcome<String> slow = g.run(
                    () -> {
                        Thread.sleep(10_000);
                        return "late";
                    },
                    x -> List.of(),
                    "plan");
            assertThat(slow.problem()).isEqualTo("overran its time budget of 200 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
        assertThatThrownBy(() -> new Guard(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
