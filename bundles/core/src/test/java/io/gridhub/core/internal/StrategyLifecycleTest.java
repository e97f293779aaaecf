package io.gridhub.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.gridhub.api.audit.AuditRecord;
import io.gridhub.api.event.HubEvent;
import io.gridhub.api.governance.Actor;
import io.gridhub.api.loop.ControlAuthority;
import io.gridhub.api.loop.ControlMode;
import io.gridhub.api.loop.OperatingLoop;
import io.gridhub.api.strategy.Strategy;
import io.gridhub.api.strategy.StrategyException;
import io.gridhub.api.strategy.StrategyInfo;
import io.gridhub.api.strategy.StrategyRole;
import io.gridhub.api.strategy.StrategyState;
import io.gridhub.api.strategy.StrategyTransition;
import io.gridhub.testkit.FakeGovernance;
import io.gridhub.testkit.RecordingAuditTrail;
import io.gridhub.testkit.RecordingEvents;
import io.gridhub.testkit.Settings;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Candidate, shadow, promote, roll back and quarantine, governed where the role is, remembered across restarts. */
class StrategyLifecycleTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T03:00:00Z"), ZoneOffset.UTC);
    private static final Fake GBM = new Fake(StrategyRole.FORECAST, "lightgbm", "1.0.0");
    private static final Fake EXAMPLE = new Fake(StrategyRole.FORECAST, "example-forecast", "0.1.0");
    private static final Fake LP1 = new Fake(StrategyRole.DISPATCH, "lp-optimizer", "1.0.0");
    private static final Fake LP2 = new Fake(StrategyRole.DISPATCH, "lp-optimizer", "1.1.0");
    private static final Actor LEAD = new Actor("lena", Set.of(Actor.GOVERNANCE_LEAD));

    private record Fake(StrategyRole role, String name, String version) implements Strategy {}

    private final RecordingAuditTrail trail = new RecordingAuditTrail(CLOCK);
    private final RecordingEvents events = new RecordingEvents(CLOCK);
    private final FakeGovernance governance = new FakeGovernance(CLOCK);

    private StrategyRegistryImpl registry(LifecycleBook book) {
        StrategyRegistryImpl r = new StrategyRegistryImpl(
                Settings.of(StrategyRegistryImpl.Config.class, "forecast", "lightgbm"), CLOCK, book, false);
        r.trail = trail;
        r.events = events;
        r.bindGovernance(governance);
        return r;
    }

    private static StrategyState state(StrategyRegistryImpl r, Strategy s) {
        return r.strategies().stream()
                .filter(i -> i.name().equals(s.name()) && i.version().equals(s.version()))
                .map(StrategyInfo::state)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aForecasterGoesFromCandidateToShadowToActiveAndBackWithEveryStepAudited() throws Exception {
        StrategyRegistryImpl r = registry(LifecycleBook.inMemory());
        r.addStrategy(GBM);
        r.addStrategy(EXAMPLE);
        assertThat(state(r, EXAMPLE)).isEqualTo(StrategyState.CANDIDATE);
        assertThat(r.shadow(StrategyRole.FORECAST, Strategy.class)).isEmpty();

        StrategyTransition t = r.shadow(StrategyRole.FORECAST, "example-forecast", "0.1.0", "olga");
        assertThat(t.strategy().state()).isEqualTo(StrategyState.SHADOW);
        assertThat(r.shadow(StrategyRole.FORECAST, Strategy.class)).containsSame(EXAMPLE);
        assertThat(r.active(StrategyRole.FORECAST, Strategy.class)).containsSame(GBM);

        // Forecasting is not governed: one call promotes.
        assertThat(r.governed(StrategyRole.FORECAST)).isFalse();
        t = r.promote(StrategyRole.FORECAST, "example-forecast", "0.1.0", "olga");
        assertThat(t.pending()).isFalse();
        assertThat(r.active(StrategyRole.FORECAST, Strategy.class)).containsSame(EXAMPLE);
        assertThat(r.shadow(StrategyRole.FORECAST, Strategy.class)).isEmpty();
        assertThat(state(r, GBM)).isEqualTo(StrategyState.RETIRED);

        t = r.rollback(StrategyRole.FORECAST, "olga");
        assertThat(t.strategy().name()).isEqualTo("lightgbm");
        assertThat(r.active(StrategyRole.FORECAST, Strategy.class)).containsSame(GBM);
        assertThat(state(r, EXAMPLE)).isEqualTo(StrategyState.RETIRED);
        assertThatThrownBy(() -> r.rollback(StrategyRole.FORECAST, "olga"))
                .isInstanceOf(StrategyException.class)
                .extracting(e -> ((StrategyException) e).kind())
                .isEqualTo(StrategyException.Kind.NOT_FOUND);

        assertThat(trail.records)
                .extracting(AuditRecord::actor, AuditRecord::action, AuditRecord::outcome)
                .containsExactly(
                        tuple("strategy-registry", "strategy.activate", "active"),
                        tuple("olga", "strategy.shadow", "shadow"),
                        tuple("olga", "strategy.promote", "active"),
                        tuple("olga", "strategy.rollback", "active"));
        assertThatThrownBy(() -> r.promote(StrategyRole.FORECAST, "example-forecast", "9.9.9", "olga"))
                .isInstanceOf(StrategyException.class)
                .hasMessage("no forecast strategy example-forecast 9.9.9 is deployed");
    }

    @Test
    void aGovernedPromotionWaitsForTheLeadAndARollbackOverridesTheApprovalUntilTheNextOne() throws Exception {
        StrategyRegistryImpl r = registry(LifecycleBook.inMemory());
        r.addStrategy(LP1);
        r.addStrategy(LP2);
        assertThat(r.governed(StrategyRole.DISPATCH)).isTrue();
        StrategyTransition t = r.promote(StrategyRole.DISPATCH, "lp-optimizer", "1.1.0", "olga");
        assertThat(t.pending()).isTrue();
        assertThat(t.proposalId()).isPositive();
        assertThat(t.detail()).contains("waits for a governance lead's approval of strategy-dispatch@v1");
        assertThat(r.active(StrategyRole.DISPATCH, Strategy.class)).containsSame(LP1);
        assertThat(governance.proposal(t.proposalId()).orElseThrow().content())
                .contains("\"strategy\":\"lp-optimizer\"", "\"strategyVersion\":\"1.1.0\"", "\"role\":\"dispatch\"");

        governance.approve(t.proposalId(), LEAD);
        r.recheck();
        assertThat(r.active(StrategyRole.DISPATCH, Strategy.class)).containsSame(LP2);

        r.rollback(StrategyRole.DISPATCH, "olga");
        r.recheck();
        assertThat(r.active(StrategyRole.DISPATCH, Strategy.class))
                .as("the approval in force was overridden by the rollback")
                .containsSame(LP1);
        // A new approval is followed again.
        StrategyTransition again = r.promote(StrategyRole.DISPATCH, "lp-optimizer", "1.1.0", "olga");
        governance.approve(again.proposalId(), LEAD);
        r.recheck();
        assertThat(r.active(StrategyRole.DISPATCH, Strategy.class)).containsSame(LP2);
    }

    @Test
    void aQuarantinedActiveStrategyHandsBackToTheOneBeforeAndCannotRunAgain() throws Exception {
        StrategyRegistryImpl r = registry(LifecycleBook.inMemory());
        r.addStrategy(GBM);
        r.addStrategy(EXAMPLE);
        r.promote(StrategyRole.FORECAST, "example-forecast", "0.1.0", "olga");
        r.quarantine(EXAMPLE, "returned NaN at step 3");
        assertThat(r.active(StrategyRole.FORECAST, Strategy.class)).containsSame(GBM);
        StrategyInfo info = r.strategies().stream()
                .filter(i -> i.name().equals("example-forecast"))
                .findFirst()
                .orElseThrow();
        assertThat(info.state()).isEqualTo(StrategyState.QUARANTINED);
        assertThat(info.reason()).isEqualTo("returned NaN at step 3");
        assertThat(events.raised)
                .extracting(HubEvent::message)
                .containsExactly(
                        "example-forecast 0.1.0 quarantined: returned NaN at step 3; lightgbm 1.0.0 runs " + "again");
        assertThat(trail.records.get(trail.records.size() - 1).action()).isEqualTo("strategy.quarantine");
        assertThatThrownBy(() -> r.promote(StrategyRole.FORECAST, "example-forecast", "0.1.0", "olga"))
                .isInstanceOf(StrategyException.class)
                .hasMessageContaining("is quarantined (returned NaN at step 3)");
        assertThatThrownBy(() -> r.shadow(StrategyRole.FORECAST, "example-forecast", "0.1.0", "olga"))
                .isInstanceOf(StrategyException.class);

        // A quarantined shadow just stops shadowing.
        Fake other = new Fake(StrategyRole.FORECAST, "other", "1.0.0");
        r.addStrategy(other);
        r.shadow(StrategyRole.FORECAST, "other", "1.0.0", "olga");
        r.quarantine(other, "took 41 s (budget 30 s)");
        assertThat(r.shadow(StrategyRole.FORECAST, Strategy.class)).isEmpty();
        assertThat(r.active(StrategyRole.FORECAST, Strategy.class)).containsSame(GBM);
    }

    @Test
    void aChangeTheTrailRefusesIsNotMade() {
        StrategyRegistryImpl r = registry(LifecycleBook.inMemory());
        r.addStrategy(GBM);
        r.addStrategy(EXAMPLE);
        trail.refuse = true;
        assertThatThrownBy(() -> r.promote(StrategyRole.FORECAST, "example-forecast", "0.1.0", "olga"))
                .isInstanceOf(StrategyException.class)
                .hasMessageContaining("the audit trail refused");
        assertThat(r.active(StrategyRole.FORECAST, Strategy.class)).containsSame(GBM);
    }

    @Test
    void theLifecycleSurvivesARestartAndABrokenFileIsSetAside(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("strategies.json");
        StrategyRegistryImpl r = registry(LifecycleBook.at(file));
        r.addStrategy(GBM);
        r.addStrategy(EXAMPLE);
        r.promote(StrategyRole.FORECAST, "example-forecast", "0.1.0", "olga");
        Fake bad = new Fake(StrategyRole.FORECAST, "bad", "1.0.0");
        r.addStrategy(bad);
        r.quarantine(bad, "threw IllegalStateException: boom");

        // A restart: the services come back in any order, the promoted one is active, the quarantine holds.
        StrategyRegistryImpl again = registry(LifecycleBook.at(file));
        again.addStrategy(bad);
        again.addStrategy(GBM);
        again.addStrategy(EXAMPLE);
        assertThat(again.active(StrategyRole.FORECAST, Strategy.class)).containsSame(EXAMPLE);
        assertThat(state(again, bad)).isEqualTo(StrategyState.QUARANTINED);
        assertThat(again.rollback(StrategyRole.FORECAST, "olga").strategy().name())
                .isEqualTo("lightgbm");

        Files.writeString(file, "{\"roles\": {\"FORECAST\": {\"active\": {\"role\": \"NOPE\"}}}}");
        StrategyRegistryImpl broken = registry(LifecycleBook.at(file));
        broken.addStrategy(EXAMPLE);
        broken.addStrategy(GBM);
        assertThat(broken.active(StrategyRole.FORECAST, Strategy.class)).containsSame(GBM);
        assertThat(dir.resolve("strategies.json.broken")).exists();
    }

    @Test
    void dispatchIsGovernedWhileACommunityIsAutonomousAndWithNoLoopToAsk() {
        StrategyRegistryImpl r = registry(LifecycleBook.inMemory());
        assertThat(r.governed(StrategyRole.DISPATCH))
                .as("no loop to ask: the safe side")
                .isTrue();
        ControlMode[] mode = {ControlMode.SUPERVISED};
        r.loop = (OperatingLoop) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {OperatingLoop.class}, (p, m, a) -> switch (m.getName()) {
                    case "communities" -> List.of("c1", "c2");
                    case "authority" ->
                        new ControlAuthority((String) a[0], a[0].equals("c2") ? mode[0] : ControlMode.ADVISORY, "test");
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        assertThat(r.governed(StrategyRole.DISPATCH)).isFalse();
        assertThat(r.governed(StrategyRole.FORECAST)).isFalse();
        assertThat(r.governed(StrategyRole.ALLOCATION)).isTrue();
        mode[0] = ControlMode.AUTONOMOUS;
        assertThat(r.governed(StrategyRole.DISPATCH)).isTrue();
    }
}
