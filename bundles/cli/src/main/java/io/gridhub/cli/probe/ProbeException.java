package io.gridhub.cli.probe;

/** Input the probe cannot use, or a peer it cannot reach: one line for the user, exit code 2. */
public final class ProbeException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProbeException(String message) {
        super(message);
    }

    public ProbeException(String message, Throwable cause) {
        super(message, cause);
    }
}
