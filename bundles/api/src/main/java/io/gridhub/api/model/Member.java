package io.gridhub.api.model;

import io.gridhub.api.check.Fields;
import java.util.List;

/** A member of one or more communities, with the sites it brings. */
public record Member(String id, String name, MemberType type, List<Site> sites, List<Participation> participations) {
    /** The most communities a member may take part in at once (Austria, ElWOG §16e). */
    public static final int MAX_COMMUNITIES = 5;

    public Member {
        Ids.require(id, "member id");
        name = name == null ? id : name;
        type = type == null ? MemberType.HOUSEHOLD : type;
        sites = Fields.copyOf(sites);
        participations = Fields.copyOf(participations);
        if (participations.size() > MAX_COMMUNITIES) {
            throw new IllegalArgumentException("member " + id + " takes part in " + participations.size()
                    + " communities, at most " + MAX_COMMUNITIES + " allowed");
        }
        double sum = participations.stream().mapToDouble(Participation::factor).sum();
        if (sum > 1 + 1e-9) {
            throw new IllegalArgumentException("member " + id + ": participation factors sum to "
                    + Math.round(sum * 1000) / 10.0 + " %, at most 100 % allowed");
        }
        if (participations.stream().map(Participation::communityId).distinct().count() != participations.size()) {
            throw new IllegalArgumentException("member " + id + " names a community twice");
        }
    }

    /** The member's participation factor in a community, 0 when it takes no part. */
    public double factorIn(String communityId) {
        return Participation.factorIn(participations, communityId);
    }
}
