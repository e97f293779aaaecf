package io.gridhub.api.settlement;

/** The ledger could not be read or written; the cause is kept. */
public class SettlementException extends Exception {
    private static final long serialVersionUID = 1L;

    public SettlementException(String message) {
        super(message);
    }

    public SettlementException(String message, Throwable cause) {
        super(message, cause);
    }
}
