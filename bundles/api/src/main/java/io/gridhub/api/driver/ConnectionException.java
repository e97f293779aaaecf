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

    /**
     * The link to a peer went down: {@code connection to PEER lost: CAUSE}, with the cause's message (or its class
     * when it has none).
     *
     * @param peer what the connection was to, e.g. {@code outstation 10.0.0.5:2404}
     * @since 0.4
     */
    public static ConnectionException lost(String peer, Throwable cause) {
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new ConnectionException("connection to " + peer + " lost: " + why, cause);
    }

    public boolean isConfiguration() {
        return configuration;
    }
}
