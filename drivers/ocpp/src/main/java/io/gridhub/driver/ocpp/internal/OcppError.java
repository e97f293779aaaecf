package io.gridhub.driver.ocpp.internal;

/**
 * An OCPP-J 1.6 CALLERROR: the error code (spelled as the specification spells it, "Occurence" too) and a text.
 * Thrown by frame parsing, validation and handlers; the link answers it to the caller and stays open.
 */
final class OcppError extends Exception {
    private static final long serialVersionUID = 1L;

    /** The OCPP-J 1.6 error codes (section 4.2.3). */
    enum Code {
        NotImplemented,
        NotSupported,
        InternalError,
        ProtocolError,
        SecurityError,
        FormationViolation,
        PropertyConstraintViolation,
        OccurenceConstraintViolation,
        TypeConstraintViolation,
        GenericError
    }

    private final Code code;

    OcppError(Code code, String message) {
        super(message);
        this.code = code;
    }

    Code code() {
        return code;
    }

    /** The code a peer sent, GenericError for a code 1.6 does not define. */
    static Code codeOf(String text) {
        for (Code c : Code.values()) {
            if (c.name().equals(text)) {
                return c;
            }
        }
        return Code.GenericError;
    }
}
