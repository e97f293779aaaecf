package io.gridhub.api.driver;

/**
 * The connection to a device is lost or cannot be opened. Keeps its cause. The hub closes the connection and
 * reconnects with backoff, unless {@link #isConfiguration()} says retrying cannot help.
 */
public class ConnectionException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean configuration;

    public ConnectionException(String message, Throwable cause) {
        this(message, cause, false);
    }

    public ConnectionException(String message) {
        this(message, null, false);
    }

    protected ConnectionException(String message, Throwable cause, boolean configuration) {
        super(message, cause);
        this.configuration = configuration;
    }

    /** A connection that cannot work with these settings (e.g. an unknown host name): retrying will not help. */
    public static ConnectionException configuration(String message, Throwable cause) {
        return new ConnectionException(message, cause, true);
    }

    public boolean isConfiguration() {
        return configuration;
    }
}
