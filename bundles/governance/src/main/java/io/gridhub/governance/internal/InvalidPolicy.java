package io.gridhub.governance.internal;

/** A policy of a governed kind that cannot be proposed; the message names the kind and the field. */
final class InvalidPolicy extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidPolicy(String kind, String message) {
        this("policy: " + kind + ": " + message);
    }

    /** @param message the whole message, {@code policy: …} or {@code policy:<line>: …} */
    InvalidPolicy(String message) {
        super(message);
    }
}
