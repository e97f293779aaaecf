package io.gridhub.testkit;

/**
 * The one rule for a test whose prerequisite outside the build is missing (a browser, node and npm, Debian's
 * python3-pymodbus): in CI ({@code CI=true} in the environment) it fails, because a CI run that skips it would report
 * a pass for what it never tested, and {@code .ci/run} installs each of them; elsewhere it is skipped, loudly (a line
 * on standard error besides the test framework's own "skipped").
 *
 * <p>What no install can give a machine is the exception, {@link #ofTheMachine}: the shared data folder (real series
 * the repository does not ship, for want of a verified licence) and a non-loopback network address. A test that
 * needs one is skipped loudly wherever it is missing, CI included, and says so.
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

    /**
     * Returns {@code present}; when it is false, prints that the test is skipped and why, in CI too: for what the
     * build cannot install (the shared data folder beside the checkout, a network interface).
     */
    public static boolean ofTheMachine(boolean present, String what, String hint) {
        if (!present) {
            System.err.println("*** SKIPPED, NOT TESTED: " + what + " is missing (" + hint + "); no install can give it"
                    + " this machine" + (inCi() ? ", so CI skips it too" : ""));
        }
        return present;
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
