package io.gridhub.api.settlement;

/** Input that cannot be allocated; the message is one line, {@code source:line: reason} where a line is known. */
public class InvalidInputException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }
}
