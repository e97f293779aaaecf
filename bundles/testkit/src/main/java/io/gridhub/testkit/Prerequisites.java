package io.gridhub.testkit;

/**
 * The one rule for a test whose prerequisite outside the build is missing (a browser, node and npm, Debian's
 * python3-pymodbus, the shared data folder, a network interface): in CI ({@code CI=true} in the environment) it
 * fails, because a CI run that skips it would report a pass for what it never tested; elsewhere it is skipped, loudly
 * (a line on standard error besides the test framework's own "skipped").
 *
 * <p>Framework-neutral (JUnit 5 and the JUnit 4 of the Pax Exam tests): {@link #available} fails in CI and otherwise
 * answers whether the test can run, for the caller's own assumption:
 *
 * <pre>{@code
 * assumeTrue(Prerequisites.available(onPath("node"), "node", "install Node 20"), "node is missing");
 * }</pre>
 */
public final class Prerequisites {
    private Prerequisites() {}

    /** True when the environment says this is a CI run ({@code CI=true}, as GitHub, GitLab and {@code .ci/run} set). */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Returns {@code present}; when it is false, fails in CI with an {@link AssertionError} naming {@code what} and
     * how to get it ({@code hint}), and elsewhere prints that the test is skipped and why.
     */
    public static boolean available(boolean present, String what, String hint) {
        return available(present, what, hint, inCi());
    }

    static boolean available(boolean present, String what, String hint, boolean ci) {
        if (present) {
            return true;
        }
        String message = what + " is missing (" + hint + ")";
        if (ci) {
            throw new AssertionError(message + ": CI=true, where a test must run, not skip");
        }
        System.err.println("*** SKIPPED, NOT TESTED: " + message + " (in CI, CI=true, this fails the build)");
        return false;
    }
}
