package io.gridhub.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.strategy.Strategy;
import io.gridhub.api.strategy.StrategyRole;
import io.gridhub.testkit.FakeStrategies;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** gridhub:strategies, gridhub:strategy-shadow, -promote and -rollback on a registry in memory. */
class StrategyCommandsTest {
    private record Fake(StrategyRole role, String name, String version) implements Strategy {}

    private static final Fake GBM = new Fake(StrategyRole.FORECAST, "lightgbm", "1.0.0");
    private static final Fake EXAMPLE = new Fake(StrategyRole.FORECAST, "example-forecast", "0.1.0");
    private static final Fake LP = new Fake(StrategyRole.DISPATCH, "lp-optimizer", "1.0.0");
    private static final Fake LP2 = new Fake(StrategyRole.DISPATCH, "lp-optimizer", "1.1.0");

    private final FakeStrategies registry =
            new FakeStrategies().activate(GBM).activate(LP).shadow(EXAMPLE).govern(StrategyRole.DISPATCH);

    private static String run(LifecycleCommand c) throws Exception {
        PrintStream was = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            c.execute();
        } finally {
            System.setOut(was);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void strategiesListsEveryVersionWithItsStateAndWhetherItsRoleIsGoverned() {
        registry.shadow(LP2);
        StrategiesCommand c = new StrategiesCommand();
        c.strategies = registry;
        assertThat(c.table().rows())
                .extracting(r -> String.join(" ", r.subList(0, 4)) + " " + r.get(5))
                .containsExactlyInAnyOrder(
                        "forecast lightgbm 1.0.0 active no",
                        "forecast example-forecast 0.1.0 shadow no",
                        "dispatch lp-optimizer 1.0.0 active yes",
                        "dispatch lp-optimizer 1.1.0 shadow yes");
        c.role = "dispatch";
        assertThat(c.table().rows()).hasSize(2);
    }

    @Test
    void promoteAndRollbackChangeTheActiveOneAndAGovernedPromotionNamesItsProposal() throws Exception {
        StrategyPromoteCommand promote = new StrategyPromoteCommand();
        promote.strategies = registry;
        promote.role = "forecast";
        promote.name = "example-forecast";
        promote.version = "0.1.0";
        run(promote);
        assertThat(registry.active(StrategyRole.FORECAST, Strategy.class)).containsSame(EXAMPLE);

        StrategyRollbackCommand rollback = new StrategyRollbackCommand();
        rollback.strategies = registry;
        rollback.role = "FORECAST";
        run(rollback);
        assertThat(registry.active(StrategyRole.FORECAST, Strategy.class)).containsSame(GBM);

        registry.shadow(LP2);
        StrategyPromoteCommand governed = new StrategyPromoteCommand();
        governed.strategies = registry;
        governed.role = "dispatch";
        governed.name = "lp-optimizer";
        governed.version = "1.1.0";
        assertThat(run(governed)).contains("waits for a governance lead: proposal 1");
        assertThat(registry.active(StrategyRole.DISPATCH, Strategy.class)).containsSame(LP);

        StrategyShadowCommand missing = new StrategyShadowCommand();
        missing.strategies = registry;
        missing.role = "forecast";
        missing.name = "nope";
        missing.version = "1.0.0";
        assertThatThrownBy(() -> run(missing)).hasMessage("FORECAST nope 1.0.0 is not deployed");
        missing.role = "weather";
        assertThatThrownBy(() -> run(missing)).hasMessageStartingWith("no strategy role 'weather'");
    }

    @Test
    void rolesNamesAndVersionsComplete() {
        List<String> roles = new ArrayList<>();
        new RoleCompleter().complete(null, CommandsTest.typed("di"), roles);
        assertThat(roles).extracting(String::strip).containsExactly("dispatch");
        StrategyNameCompleter names = new StrategyNameCompleter();
        names.strategies = registry;
        List<String> found = new ArrayList<>();
        names.complete(null, CommandsTest.typed("l"), found);
        assertThat(found).extracting(String::strip).containsExactlyInAnyOrder("lightgbm", "lp-optimizer");
        StrategyVersionCompleter versions = new StrategyVersionCompleter();
        versions.strategies = registry;
        List<String> v = new ArrayList<>();
        versions.complete(null, CommandsTest.typed("0."), v);
        assertThat(v).extracting(String::strip).containsExactly("0.1.0");
    }
}
