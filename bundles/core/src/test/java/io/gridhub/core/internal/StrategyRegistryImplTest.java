package io.gridhub.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.gridhub.api.strategy.Strategy;
import io.gridhub.api.strategy.StrategyInfo;
import io.gridhub.api.strategy.StrategyRole;
import io.gridhub.api.strategy.StrategyState;
import io.gridhub.testkit.Settings;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StrategyRegistryImplTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private record Fake(StrategyRole role, String name, String version) implements Strategy {}

    private static StrategyRegistryImpl.Config config(String forecast) {
        return config(forecast, false);
    }

    private static StrategyRegistryImpl.Config config(String forecast, boolean requireApproval) {
        return Settings.of(StrategyRegistryImpl.Config.class, "forecast", forecast, "requireApproval", requireApproval);
    }

    @Test
    void ungovernedANewVersionIsStillACandidateAndOneCallPromotesEvenDispatch() throws Exception {
        StrategyRegistryImpl r = new StrategyRegistryImpl(config(""), CLOCK);
        Fake v1 = new Fake(StrategyRole.FORECAST, "persistence", "1.9.0");
        Fake v2 = new Fake(StrategyRole.FORECAST, "persistence", "1.10.0");
        r.addStrategy(v1);
        assertThat(r.active(StrategyRole.FORECAST, Strategy.class)).containsSame(v1);
        r.addStrategy(v2);
        assertThat(r.active(StrategyRole.FORECAST, Strategy.class)).containsSame(v1);
        assertThat(r.strategies())
                .extracting(StrategyInfo::version, StrategyInfo::state)
                .containsExactly(tuple("1.9.0", StrategyState.ACTIVE), tuple("1.10.0", StrategyState.CANDIDATE));
        r.promote(StrategyRole.FORECAST, "persistence", "1.10.0", "olga");
        assertThat(r.active(StrategyRole.FORECAST, Strategy.class)).containsSame(v2);
        // The promoted one leaves: the one before takes over; with none left, nothing runs.
        r.removeStrategy(v2);
        assertThat(r.active(StrategyRole.FORECAST, Strategy.class)).containsSame(v1);
        r.removeStrategy(v1);
        assertThat(r.active(StrategyRole.FORECAST, Strategy.class)).isEmpty();

        Fake lp1 = new Fake(StrategyRole.DISPATCH, "lp-optimizer", "1.0.0");
        Fake lp2 = new Fake(StrategyRole.DISPATCH, "lp-optimizer", "1.1.0");
        r.addStrategy(lp1);
        r.addStrategy(lp2);
        assertThat(r.governed(StrategyRole.DISPATCH)).isFalse();
        assertThat(r.promote(StrategyRole.DISPATCH, "lp-optimizer", "1.1.0", "olga")
                        .pending())
                .isFalse();
        assertThat(r.active(StrategyRole.DISPATCH, Strategy.class)).containsSame(lp2);
    }

    @Test
    void aConfiguredNameIsPreferredOverANewerOtherStrategy() {
        StrategyRegistryImpl r = new StrategyRegistryImpl(config("lightgbm"), CLOCK);
        Fake lgbm = new Fake(StrategyRole.FORECAST, "lightgbm", "1.0.0");
        Fake other = new Fake(StrategyRole.FORECAST, "persistence", "9.0.0");
        r.addStrategy(other);
        assertThat(r.active(StrategyRole.FORECAST, Strategy.class)).isEmpty();
        r.addStrategy(lgbm);
        assertThat(r.active(StrategyRole.FORECAST, Strategy.class)).containsSame(lgbm);
        // A new configured name is an operator's choice: the choice is made again under it.
        r.modified(config("persistence"));
        assertThat(r.active(StrategyRole.FORECAST, Strategy.class)).containsSame(other);
        assertThat(r.active(StrategyRole.DISPATCH, Strategy.class)).isEmpty();
    }

    @Test
    void versionsCompareNumericallyAndQualifiersComeFirst() {
        assertThat(new SemVer("1.10.0")).isGreaterThan(new SemVer("1.9.9"));
        assertThat(new SemVer("2.0.0-rc1")).isLessThan(new SemVer("2.0.0"));
        assertThat(new SemVer("2")).isEqualByComparingTo(new SemVer("2.0.0"));
    }
}
