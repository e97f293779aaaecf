package io.gridhub.strategy.testkit;

/** One input a contract runs a strategy on, with a name that says what it is (shown as the test's name). */
public record Case<T>(String name, T input) {
    @Override
    public String toString() {
        return name;
    }
}
