package io.gridhub.web.internal;

import static io.gridhub.web.internal.FakeHttp.nothing;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.bus.LatestValues;
import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.driver.DeviceRegistry;
import io.gridhub.api.governance.PolicyGovernance;
import io.gridhub.api.ingest.Quarantine;
import io.gridhub.api.registry.PointRegistry;
import io.gridhub.api.store.TimeSeriesStore;
import io.gridhub.api.strategy.StrategyRegistry;
import io.gridhub.testkit.SteppingClock;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Hashtable;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/** Readiness: UP only once the store, the ingest routes and governance are open where their bundles are installed. */
class HealthChecksTest {
    @TempDir
    Path dir;

    private final SteppingClock wall = SteppingClock.at(Instant.parse("2026-12-07T06:00:00Z"));
    private Services.Present present = Services.Present.NONE;

    private static Bundle bundle(String name) {
        return (Bundle) Proxy.newProxyInstance(
                HealthChecksTest.class.getClassLoader(),
                new Class<?>[] {Bundle.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getSymbolicName" -> name;
                    case "getState" -> Bundle.ACTIVE;
                    case "getHeaders" -> new Hashtable<String, String>();
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private HealthChecks checks(String... installed) {
        Bundle[] bundles = new Bundle[installed.length + 1];
        bundles[0] = bundle("io.gridhub.api");
        for (int i = 0; i < installed.length; i++) {
            bundles[i + 1] = bundle(installed[i]);
        }
        BundleContext none = nothing(BundleContext.class);
        BundleContext context = (BundleContext) Proxy.newProxyInstance(
                HealthChecksTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class},
                (p, m, a) -> m.getName().equals("getBundles") ? bundles : m.invoke(none, a));
        Services hub = new Services(
                context,
                nothing(SampleBus.class),
                nothing(LatestValues.class),
                nothing(PointRegistry.class),
                List::of,
                nothing(StrategyRegistry.class),
                nothing(DeviceRegistry.class),
                new ApiTokens(dir.resolve("tokens.json"), Clock.systemUTC()),
                wall,
                () -> present);
        return new HealthChecks(hub, wall);
    }

    private static Services.Present with(TimeSeriesStore store, Quarantine ingest, PolicyGovernance governance) {
        return new Services.Present(
                null, null, store, ingest, null, governance, null, null, null, null, null, null, null);
    }

    @Test
    void startingUntilTheStoreTheIngestRoutesAndGovernanceAreOpen() {
        HealthChecks h = checks("io.gridhub.store-derby", "io.gridhub.camel", "io.gridhub.governance");
        Health opening = h.health();
        assertThat(opening.status()).isEqualTo("STARTING");
        assertThat(opening.waitingFor())
                .containsExactly("the time-series store", "the ingest routes", "policy governance");
        present = with(nothing(TimeSeriesStore.class), nothing(Quarantine.class), null);
        assertThat(h.health().waitingFor()).containsExactly("policy governance");
        assertThat(h.health().up()).isFalse();
        present = with(nothing(TimeSeriesStore.class), nothing(Quarantine.class), nothing(PolicyGovernance.class));
        Health ready = h.health();
        assertThat(ready.up()).isTrue();
        assertThat(ready.waitingFor()).isEmpty();
    }

    @Test
    void aServiceStillMissingAfterItsOpeningTimeIsAProblem() {
        HealthChecks h = checks("io.gridhub.store-derby", "io.gridhub.camel", "io.gridhub.governance");
        present = with(nothing(TimeSeriesStore.class), null, nothing(PolicyGovernance.class));
        wall.advance(HealthChecks.OPENING.minusSeconds(1));
        assertThat(h.health().status()).isEqualTo("STARTING");
        wall.advance(Duration.ofSeconds(2));
        Health late = h.health();
        assertThat(late.status()).isEqualTo("DEGRADED");
        assertThat(late.reason())
                .isEqualTo("the ingest routes are not running (bundle io.gridhub.camel is active without them; see "
                        + "data/log/karaf.log)");
    }

    @Test
    void aServiceWhoseBundleIsNotInstalledIsNotAwaited() {
        HealthChecks h = checks("io.gridhub.store-derby");
        assertThat(h.health().waitingFor()).containsExactly("the time-series store");
        present = with(nothing(TimeSeriesStore.class), null, null);
        assertThat(h.health().up()).isTrue();
    }
}
