package io.gridhub.api.strategy;

/** A lifecycle call that cannot be made, and why, with the kind of refusal a caller can answer by. */
public class StrategyException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the call was refused. */
    public enum Kind {
        /** No such strategy (role, name, version) is deployed, or there is nothing to roll back to. */
        NOT_FOUND,
        /** The strategy is not in a state that allows the call (e.g. promoting a quarantined one). */
        CONFLICT,
        /** The change needs an approval that cannot be asked for (no governance running, or it refused). */
        REFUSED
    }

    private final Kind kind;

    public StrategyException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
