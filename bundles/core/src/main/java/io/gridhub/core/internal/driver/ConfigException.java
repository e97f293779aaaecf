package io.gridhub.core.internal.driver;

/** A device configuration that cannot work: the message says which file, setting or address and why. */
final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    ConfigException(String message) {
        super(message);
    }
}
