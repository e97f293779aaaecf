package io.gridhub.api.audit;

/** The trail could not record an entry (store down, chain broken); the action it was to record must not proceed. */
public class AuditException extends Exception {
    private static final long serialVersionUID = 1L;

    public AuditException(String message, Throwable cause) {
        super(message, cause);
    }
}
