package io.gridhub.cli.backtest;

/** Bad input: the message says which file, line and column, and what was wrong. */
public final class InputException extends Exception {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message);
    }
}
