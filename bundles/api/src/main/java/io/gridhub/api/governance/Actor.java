package io.gridhub.api.governance;

import java.util.Objects;
import java.util.Set;

/** Who acts: an authenticated user name and the roles the user holds. */
public record Actor(String name, Set<String> roles) {
    /** The role that may approve or reject policy proposals. */
    public static final String GOVERNANCE_LEAD = "governance-lead";

    public Actor {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("an actor needs a name");
        }
        roles = Set.copyOf(roles == null ? Set.of() : roles);
    }

    public boolean has(String role) {
        return roles.contains(role);
    }
}
