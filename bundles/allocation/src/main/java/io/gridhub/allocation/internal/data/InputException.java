package io.gridhub.allocation.internal.data;

/** Bad input; the message is one line {@code source:line: reason} (or {@code source: reason} without a line). */
public final class InputException extends Exception {
    private static final long serialVersionUID = 1L;

    public InputException(String source, long line, String reason) {
        super(line > 0 ? source + ":" + line + ": " + reason : source + ": " + reason);
    }
}
