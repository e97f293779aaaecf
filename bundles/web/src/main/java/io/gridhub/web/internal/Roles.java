package io.gridhub.web.internal;

import java.util.Set;

/**
 * The roles of the REST API (docs/security.md, "Roles and access"), and the identity attributes an account of the
 * realm carries as pseudo-roles in {@code etc/users.properties}: {@code member:<member id>} names the member whose
 * data a member account reads, {@code person:<id>} the natural person behind an account (the two-person rule of
 * governance compares persons).
 */
final class Roles {
    static final String VIEWER = "viewer";
    static final String MEMBER = "member";
    static final String OPERATOR = "operator";
    static final String LEAD = "governance-lead";
    /** Holds every role. */
    static final String ADMIN = "admin";

    static final Set<String> ALL = Set.of(VIEWER, MEMBER, OPERATOR, LEAD, ADMIN);

    static final String MEMBER_ATTRIBUTE = "member:";
    static final String PERSON_ATTRIBUTE = "person:";

    private Roles() {}
}
