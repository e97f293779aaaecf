package io.gridhub.api.allocation;

import java.util.Objects;

/**
 * A member's share of the community's savings over the whole request, in EUR, with its standard error (0 when
 * computed exactly, e.g. the exact Shapley value; &gt; 0 when estimated by sampling).
 */
public record MemberShare(String memberId, double valueEur, double standardErrorEur) {
    public MemberShare {
        Objects.requireNonNull(memberId, "memberId");
    }
}
