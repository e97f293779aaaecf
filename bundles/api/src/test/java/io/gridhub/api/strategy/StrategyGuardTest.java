package io.gridhub.api.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrategyGuardTest {
    @Test
    void aValidOutputPassesAndAnInvalidOneNamesItsFirstThreeProblems() {
        try (StrategyGuard g = new StrategyGuard(Duration.ofSeconds(5), "test-strategy")) {
            StrategyGuard.Outcome<String> ok = g.run(() -> "plan", x -> List.of(), "plan");
            assertThat(ok.ok()).isTrue();
            assertThat(ok.output()).isEqualTo("plan");
            StrategyGuard.Outcome<String> bad = g.run(() -> "plan", x -> List.of("a", "b", "c", "d", "e"), "plan");
            assertThat(bad.ok()).isFalse();
            assertThat(bad.output()).isNull();
            assertThat(bad.problem()).isEqualTo("returned an invalid plan: a; b; c (and 2 more)");
        }
    }

    @Test
    void whatItThrowsIsKeptAndAChecksFailureIsAProblemToo() {
        try (StrategyGuard g = new StrategyGuard(Duration.ofSeconds(5), "test-strategy")) {
            StrategyGuard.Outcome<String> thrown = g.run(
                    () -> {
                        throw new IllegalArgumentException("odd input");
                    },
                    x -> List.of(),
                    "allocation");
            assertThat(thrown.problem()).isEqualTo("threw java.lang.IllegalArgumentException: odd input");
            assertThat(thrown.thrown()).isInstanceOf(IllegalArgumentException.class);
            StrategyGuard.Outcome<String> unreadable = g.run(
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
        try (StrategyGuard g = new StrategyGuard(Duration.ofMillis(200), "test-strategy")) {
            long start = System.nanoTime();
            StrategyGuard.Outcome<String> slow = g.run(
                    () -> {
                        Thread.sleep(10_000);
                        return "late";
                    },
                    x -> List.of(),
                    "plan");
            assertThat(slow.problem()).isEqualTo("overran its time budget of 200 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
        assertThatThrownBy(() -> new StrategyGuard(Duration.ZERO, "test-strategy"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anInterruptedCallerIsNotTheStrategysFault() throws Exception {
        try (StrategyGuard g = new StrategyGuard(Duration.ofSeconds(30), "test-strategy")) {
            StrategyGuard.Outcome<?>[] seen = new StrategyGuard.Outcome<?>[1];
            boolean[] flag = new boolean[1];
            Thread caller = new Thread(() -> {
                seen[0] = g.run(
                        () -> {
                            Thread.sleep(30_000);
                            return "late";
                        },
                        x -> List.of(),
                        "plan");
                flag[0] = Thread.currentThread().isInterrupted();
            });
            caller.start();
            Thread.sleep(100);
            caller.interrupt();
            caller.join(10_000);
            assertThat(caller.isAlive()).isFalse();
            assertThat(seen[0].ok()).isFalse();
            assertThat(seen[0].interrupted()).isTrue();
            assertThat(flag[0]).as("the caller's interrupt flag is set again").isTrue();
        }
    }
}
