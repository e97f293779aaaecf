package io.gridhub.bench.loop;

import io.gridhub.api.forecast.LatestForecasts;
import io.gridhub.api.forecast.PublishedForecast;
import io.gridhub.api.governance.Actor;
import io.gridhub.api.governance.PolicyProposal;
import io.gridhub.api.loop.ControlAuthority;
import io.gridhub.testkit.FakeGovernance;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/** The few hub services the benchmark stands in for; everything on the measured path is the real class. */
final class BenchServices {
    private BenchServices() {}

    /** The forecast runner's published community forecasts (made once at set-up, as the runner does on its own). */
    record Published(List<PublishedForecast> latest) implements LatestForecasts {}

    /** Governance with one approved control-authority policy, in force since {@code since}: the community decides. */
    static FakeGovernance autonomous(String community, Instant since) {
        FakeGovernance g = new FakeGovernance(Clock.fixed(since, ZoneOffset.UTC));
        String id = ControlAuthority.policyId(community);
        PolicyProposal p = g.propose(
                "{\"id\": \"" + id + "\", \"version\": 1, \"mode\": \"autonomous\"}",
                since,
                new Actor("bench", Set.of(Actor.GOVERNANCE_LEAD)));
        g.approve(p.id(), new Actor("bench-lead", Set.of(Actor.GOVERNANCE_LEAD)));
        return g;
    }
}
