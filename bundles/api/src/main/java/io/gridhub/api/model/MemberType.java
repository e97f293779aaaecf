package io.gridhub.api.model;

/** What kind of member: regulations treat households and small businesses differently. */
public enum MemberType {
    HOUSEHOLD,
    BUSINESS,
    PUBLIC_BODY,
    NON_PROFIT
}
