package io.gridhub.api.store;

/** The store could not do what was asked (lost its database, disk full, ...); the cause is kept. */
public class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
