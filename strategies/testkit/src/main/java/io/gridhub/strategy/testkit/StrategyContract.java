package io.gridhub.strategy.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.gridhub.api.strategy.Strategy;
import io.gridhub.api.strategy.StrategyRole;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * What the three role contracts share: identity, valid output within the time budget on realistic and edge inputs,
 * and the same output for the same input. A strategy's test extends {@link ForecasterContract},
 * {@link DispatcherContract} or {@link AllocatorContract}, not this class.
 *
 * @param <S> the strategy type
 * @param <I> its input
 * @param <O> its output
 */
public abstract class StrategyContract<S extends Strategy, I, O> {
    /** A name the REST API can carry in a path: letters, digits, '.', '_', '-'. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** A semantic version: major.minor.patch, optionally a pre-release. */
    static final Pattern SEMVER = Pattern.compile("(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?");

    StrategyContract() {}

    /**
     * The strategy under test. Called once per test and twice in the determinism test, which expects a second
     * instance made the same way to give the same output: return a new, configured instance each time.
     */
    protected abstract S strategy();

    /** How long one call may take (the first call of a fresh instance included). */
    protected abstract Duration timeBudget();

    /** Realistic inputs; a strategy's test may add its own to {@code super.realisticInputs()}. */
    protected abstract List<Case<I>> realisticInputs();

    /** Edge inputs, on which the strategy must neither throw nor give invalid output. */
    protected abstract List<Case<I>> edgeInputs();

    abstract StrategyRole role();

    abstract O run(S strategy, I input);

    /** The problems {@code OutputChecks} finds. */
    abstract List<String> problems(I input, O output);

    /** What must be equal for the same input (not the issue time or the text of explanations). */
    abstract Object decision(O output);

    @Test
    void saysItsRoleNameAndSemanticVersion() {
        S s = strategy();
        assertThat(s.role()).as("role").isEqualTo(role());
        assertThat(s.name()).as("name").isNotNull().matches(NAME);
        assertThat(s.version()).as("version of %s", s.name()).isNotNull().matches(SEMVER);
    }

    @TestFactory
    Stream<DynamicTest> realisticInputsGiveValidOutputWithinTheTimeBudget() {
        return realisticInputs().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> valid(c)));
    }

    @TestFactory
    Stream<DynamicTest> edgeInputsGiveValidOutputWithoutThrowing() {
        return edgeInputs().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> valid(c)));
    }

    @TestFactory
    Stream<DynamicTest> theSameInputGivesTheSameOutput() {
        return realisticInputs().stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    O first = run(strategy(), c.input());
                    S again = strategy();
                    O second = run(again, c.input());
                    O third = run(again, c.input());
                    assertThat(decision(second))
                            .as("a second instance on %s", c.name())
                            .isEqualTo(decision(first));
                    assertThat(decision(third))
                            .as("the same instance again on %s", c.name())
                            .isEqualTo(decision(first));
                }));
    }

    private void valid(Case<I> c) {
        S s = strategy();
        O out = assertTimeoutPreemptively(
                timeBudget(), () -> run(s, c.input()), () -> s.name() + " took longer than " + timeBudget());
        assertThat(problems(c.input(), out))
                .as("problems of %s's output on %s", s.name(), c.name())
                .isEmpty();
    }
}
