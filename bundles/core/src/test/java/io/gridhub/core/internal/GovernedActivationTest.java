package io.gridhub.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.gridhub.api.audit.AuditRecord;
import io.gridhub.api.governance.Actor;
import io.gridhub.api.governance.PolicyProposal;
import io.gridhub.api.strategy.Strategy;
import io.gridhub.api.strategy.StrategyException;
import io.gridhub.api.strategy.StrategyInfo;
import io.gridhub.api.strategy.StrategyRole;
import io.gridhub.api.strategy.StrategyState;
import io.gridhub.testkit.FakeGovernance;
import io.gridhub.testkit.RecordingAuditTrail;
import io.gridhub.testkit.Settings;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** With governance, a new strategy version is a candidate until an approved strategy-activation names it. */
class GovernedActivationTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC);
    private static final Fake V1 = new Fake(StrategyRole.DISPATCH, "lp-optimizer", "1.0.0");
    private static final Fake V2 = new Fake(StrategyRole.DISPATCH, "lp-optimizer", "1.1.0");
    private static final Fake RULES = new Fake(StrategyRole.DISPATCH, "rules", "1.0.0");

    private static final Actor ALICE = new Actor("alice", Set.of(Actor.GOVERNANCE_LEAD));
    private static final Actor BOB = new Actor("bob", Set.of(Actor.GOVERNANCE_LEAD));

    private record Fake(StrategyRole role, String name, String version) implements Strategy {}

    /** Proposes a strategy activation (version one more than the proposals so far) and approves it. */
    private static void approve(FakeGovernance g, String strategy, String version, Instant effectiveFrom) {
        int v = g.proposals().size() + 1;
        String json = "{\"id\":\"strategy-dispatch\",\"version\":" + v
                + ",\"kind\":\"strategy-activation\",\"role\":\"dispatch\",\"strategy\":\"" + strategy
                + "\",\"strategyVersion\":\"" + version + "\"}";
        PolicyProposal p = g.propose(json, effectiveFrom, ALICE);
        g.approve(p.id(), BOB);
    }

    private static StrategyRegistryImpl.Config config(String dispatch) {
        return Settings.of(StrategyRegistryImpl.Config.class, "dispatch", dispatch);
    }

    private static StrategyRegistryImpl registry(String dispatch, FakeGovernance g, RecordingAuditTrail t) {
        StrategyRegistryImpl r = new StrategyRegistryImpl(config(dispatch), CLOCK);
        r.trail = t;
        r.bindGovernance(g);
        return r;
    }

    private static Optional<Strategy> dispatch(StrategyRegistryImpl r) {
        return r.active(StrategyRole.DISPATCH, Strategy.class);
    }

    @Test
    void aNewVersionIsACandidateUntilItsActivationIsApproved() {
        FakeGovernance g = new FakeGovernance(CLOCK);
        RecordingAuditTrail trail = new RecordingAuditTrail(CLOCK);
        StrategyRegistryImpl r = registry("lp-optimizer", g, trail);
        r.addStrategy(V1);
        r.addStrategy(RULES);
        assertThat(dispatch(r)).containsSame(V1);
        r.addStrategy(V2);
        assertThat(dispatch(r)).containsSame(V1);
        assertThat(r.strategies())
                .extracting(StrategyInfo::name, StrategyInfo::version, StrategyInfo::state)
                .containsExactly(
                        tuple("lp-optimizer", "1.0.0", StrategyState.ACTIVE),
                        tuple("lp-optimizer", "1.1.0", StrategyState.CANDIDATE),
                        tuple("rules", "1.0.0", StrategyState.CANDIDATE));

        // Approved, effective tomorrow: nothing changes today; once in force, exactly that version runs.
        approve(g, "lp-optimizer", "1.1.0", CLOCK.instant().plusSeconds(86_400));
        r.recheck();
        assertThat(dispatch(r)).containsSame(V1);
        approve(g, "lp-optimizer", "1.1.0", CLOCK.instant());
        r.recheck();
        assertThat(dispatch(r)).containsSame(V2);
        assertThat(trail.records)
                .extracting(AuditRecord::channel, AuditRecord::action, AuditRecord::subject, AuditRecord::outcome)
                .containsExactly(
                        tuple("strategy", "strategy.activate", "strategy-dispatch", "active"),
                        tuple("strategy", "strategy.activate", "strategy-dispatch", "active"));
        assertThat(trail.records.get(1).detail())
                .isEqualTo("lp-optimizer 1.1.0 (was lp-optimizer 1.0.0); approved "
                        + "by bob (strategy-dispatch@v2, proposal 2)");

        // The approved version leaves: the one left takes over (the lowest), it is not a new candidate's turn.
        Fake v3 = new Fake(StrategyRole.DISPATCH, "lp-optimizer", "2.0.0");
        r.addStrategy(v3);
        r.removeStrategy(V2);
        assertThat(dispatch(r)).containsSame(V1);
        // The approval names the rules strategy: it wins over the configured name.
        approve(g, "rules", "1.0.0", CLOCK.instant());
        r.recheck();
        assertThat(dispatch(r)).containsSame(RULES);
    }

    @Test
    void theActiveOneStaysWhateverVersionComesLaterAndAStartPicksTheLowest() {
        StrategyRegistryImpl r = registry("", new FakeGovernance(CLOCK), new RecordingAuditTrail(CLOCK));
        r.addStrategy(V2);
        assertThat(dispatch(r)).containsSame(V2);
        // Active is active: a lower version dropped in later does not take over either.
        r.addStrategy(V1);
        assertThat(dispatch(r)).containsSame(V2);

        StrategyRegistryImpl restart = registry("", new FakeGovernance(CLOCK), new RecordingAuditTrail(CLOCK));
        restart.addStrategy(V1);
        restart.addStrategy(V2);
        assertThat(dispatch(restart)).containsSame(V1);
        // A configured name picks the name, not a newer version of it.
        restart.modified(config("rules"));
        assertThat(dispatch(restart)).isEmpty();
        restart.addStrategy(RULES);
        assertThat(dispatch(restart)).containsSame(RULES);
    }

    @Test
    void withoutGovernanceANewVersionStaysACandidateAndAGovernedPromotionIsRefused() {
        StrategyRegistryImpl r = new StrategyRegistryImpl(config("lp-optimizer"), CLOCK);
        r.addStrategy(V1);
        r.addStrategy(V2);
        assertThat(dispatch(r)).containsSame(V1);
        // With no loop to say otherwise dispatch is governed, and with no governance nothing can be approved.
        assertThat(r.governed(StrategyRole.DISPATCH)).isTrue();
        assertThatThrownBy(() -> r.promote(StrategyRole.DISPATCH, "lp-optimizer", "1.1.0", "olga"))
                .isInstanceOf(StrategyException.class)
                .hasMessageContaining("no policy governance is running");
        // Governance arrives (it starts later than the core): the choice stands.
        r.bindGovernance(new FakeGovernance(CLOCK));
        assertThat(dispatch(r)).containsSame(V1);
    }

    @Test
    void anApprovedChangeTheTrailRefusesIsNotMade() {
        FakeGovernance g = new FakeGovernance(CLOCK);
        RecordingAuditTrail trail = new RecordingAuditTrail(CLOCK);
        StrategyRegistryImpl r = registry("lp-optimizer", g, trail);
        r.addStrategy(V1);
        r.addStrategy(V2);
        trail.refuse = true;
        approve(g, "lp-optimizer", "1.1.0", CLOCK.instant());
        r.recheck();
        assertThat(dispatch(r)).containsSame(V1);
        trail.refuse = false;
        r.recheck();
        assertThat(dispatch(r)).containsSame(V2);
    }
}
