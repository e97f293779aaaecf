package io.gridhub.api.model;

import java.util.List;

/** A member's share in one community, 0 < factor ≤ 1 (Austria, ElWOG §16e: up to 5, summing to ≤ 100 %). */
public record Participation(String communityId, double factor) {
    public Participation {
        Ids.require(communityId, "community id");
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException(
                    "participation factor in " + communityId + " must be in (0, 1], got " + factor);
        }
    }

    /** The factor in {@code communityId} among a member's {@code participations}: 0 when it takes no part (0.6). */
    public static double factorIn(List<Participation> participations, String communityId) {
        return participations.stream()
                .filter(p -> p.communityId().equals(communityId))
                .mapToDouble(Participation::factor)
                .findFirst()
                .orElse(0);
    }
}
