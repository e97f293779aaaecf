package io.gridhub.web.internal;

import io.gridhub.api.governance.Actor;

/**
 * Who sends a request, as the access filter established it: an account of the realm or an API token ({@code actor}
 * with its roles and person), and the member whose data the account may read ({@code member}, null for staff
 * accounts). {@link #ANONYMOUS} has no actor.
 */
record Caller(Actor actor, String member, boolean token) {
    static final Caller ANONYMOUS = new Caller(null, null, false);

    boolean anonymous() {
        return actor == null;
    }

    /** Whether the caller holds {@code role}; {@code admin} holds every role. */
    boolean has(String role) {
        return actor != null && (actor.has(role) || actor.has(Roles.ADMIN));
    }

    /** Whether the caller is staff ({@link Routes#STAFF}: an operator or a governance lead), who read members' data. */
    boolean staff() {
        return Routes.STAFF.stream().anyMatch(this::has);
    }

    /** Whether the caller is the member {@code memberId} (a member account naming that member). */
    boolean isMember(String memberId) {
        return actor != null && member != null && actor.has(Roles.MEMBER) && member.equals(memberId);
    }

    String name() {
        return actor == null ? "anonymous" : actor.name();
    }
}
