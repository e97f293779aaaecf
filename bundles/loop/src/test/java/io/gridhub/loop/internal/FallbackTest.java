package io.gridhub.loop.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.dispatch.Dispatcher;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.model.Plan;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The loop finds its fallback by the service property, whatever the strategy is called. */
class FallbackTest {
    private static Dispatcher named(String name) {
        return new Dispatcher() {
            @Override
            public Plan plan(Scenario scenario) {
                throw new UnsupportedOperationException("not planned in this test");
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public String version() {
                return "1.0.0";
            }
        };
    }

    private final Dispatcher lp = named("lp-optimizer");
    private final Dispatcher rules = named("rules");
    private final Dispatcher safe = named("safe-by-another-name");

    @Test
    void theMarkedDispatcherIsTheFallbackWhateverItsName() {
        assertThat(LoopComponent.fallback(List.of(lp, rules, safe), Set.of(safe), lp))
                .isSameAs(safe);
    }

    @Test
    void aStrategyNamedRulesIsNoFallbackWithoutTheProperty() {
        assertThat(LoopComponent.fallback(List.of(lp, safe, rules), Set.of(), lp))
                .isSameAs(safe);
    }

    @Test
    void theFailedDispatcherIsNeverItsOwnFallback() {
        assertThat(LoopComponent.fallback(List.of(safe, lp), Set.of(safe), safe))
                .isSameAs(lp);
        assertThatThrownBy(() -> LoopComponent.fallback(List.of(safe), Set.of(safe), safe))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no dispatch strategy");
    }
}
