package io.gridhub.allocation.internal.governance;

/** A policy of a governed kind that cannot be proposed; the message names the kind and the field. */
final class InvalidPolicy extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidPolicy(String kind, String message) {
        super("policy: " + kind + ": " + message);
    }
}
