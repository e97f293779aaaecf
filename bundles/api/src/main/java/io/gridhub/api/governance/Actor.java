package io.gridhub.api.governance;

import io.gridhub.api.check.Fields;
import java.util.Objects;
import java.util.Set;

/**
 * Who acts: an authenticated account name, the roles it holds, and the natural person behind it. Several accounts
 * of one person share the {@code person} (an identity attribute of the account, not its name), so that the
 * two-person rule cannot be passed with a second account.
 */
public record Actor(String name, Set<String> roles, String person) {
    /** The role that may approve or reject policy proposals. */
    public static final String GOVERNANCE_LEAD = "governance-lead";
    /** Runs the hub day to day; may propose policy changes. */
    public static final String OPERATOR = "operator";
    /** Administers the hub; may propose policy changes. */
    public static final String ADMIN = "admin";

    public Actor {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("an actor needs a name");
        }
        roles = Fields.copyOf(roles);
        person = person == null || person.isBlank() ? name : person;
    }

    /** An account whose person is not known apart from its name. */
    public Actor(String name, Set<String> roles) {
        this(name, roles, null);
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    /** Whether two actors are the same natural person. */
    public boolean samePerson(Actor other) {
        return person.equals(other.person);
    }
}
