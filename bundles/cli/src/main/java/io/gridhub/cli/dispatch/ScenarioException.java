package io.gridhub.cli.dispatch;

/** A scenario file that cannot be used; the message is one line saying where and what. */
public final class ScenarioException extends Exception {
    private static final long serialVersionUID = 1L;

    public ScenarioException(String message) {
        super(message);
    }
}
