package io.gridhub.web.internal;

import static io.gridhub.web.internal.FakeHttp.nothing;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.bus.LatestValues;
import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.driver.DeviceRegistry;
import io.gridhub.api.registry.PointRegistry;
import io.gridhub.api.store.StoreBackup;
import io.gridhub.api.store.StoreException;
import io.gridhub.api.strategy.StrategyRegistry;
import io.gridhub.testkit.RecordingAuditTrail;
import io.gridhub.testkit.SteppingClock;
import io.gridhub.web.internal.FakeHttp.Req;
import io.gridhub.web.internal.FakeHttp.Resp;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

class BackupsTest {
    private static final Instant STARTED = Instant.parse("2026-12-07T06:00:00Z");

    @TempDir
    Path dir;

    private final List<Path> asked = new ArrayList<>();
    private StoreBackup store;
    private AccessFilter filter;
    private ApiServlet servlet;

    @BeforeEach
    void setUp() {
        store = d -> {
            asked.add(d);
            if (d.endsWith("full")) {
                throw new StoreException("the backup folder " + d + " is not empty");
            }
            return new StoreBackup.Backup(d, STARTED, 12345, Duration.ofMillis(1500));
        };
        SteppingClock clock = SteppingClock.at(STARTED);
        ApiTokens tokens = new ApiTokens(dir.resolve("keys/api-tokens.json"), Clock.systemUTC());
        filter = FakeHttp.filter(dir, tokens, List.of(), new RecordingAuditTrail(clock));
        servlet = new ApiServlet(
                context(),
                nothing(SampleBus.class),
                nothing(LatestValues.class),
                nothing(PointRegistry.class),
                List::of,
                nothing(StrategyRegistry.class),
                nothing(DeviceRegistry.class),
                tokens,
                clock);
        TestRealm.user("admin", Roles.ADMIN);
        TestRealm.user("operator", Roles.OPERATOR);
    }

    /** A context with the store's backup service while {@link #store} is set. */
    private BundleContext context() {
        BundleContext none = nothing(BundleContext.class);
        ServiceReference<?> ref = nothing(ServiceReference.class);
        return (BundleContext) Proxy.newProxyInstance(
                BackupsTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getServiceReference" -> store == null ? null : ref;
                    case "getService" -> store;
                    default -> m.invoke(none, a);
                });
    }

    private Resp post(String user, String body) throws Exception {
        return FakeHttp.through(
                filter,
                servlet,
                new Req("POST", "/api/v1/admin/backup").basic(user).body(Routes.JSON, body));
    }

    @Test
    void anAdminBacksTheStoreUpIntoAnAbsoluteFolder() throws Exception {
        Resp r = post("admin", "{\"directory\": \"/var/backups/gridhub/../gridhub/2026-12-07\"}");
        assertThat(r.status).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(r.body()).path("directory").asText())
                .isEqualTo("/var/backups/gridhub/2026-12-07");
        assertThat(r.body()).contains("\"bytes\":12345").contains("\"took\":\"PT1.5S\"");
        assertThat(asked).containsExactly(Path.of("/var/backups/gridhub/2026-12-07"));
    }

    @Test
    void aRelativeOrMissingFolderAFullOneAndOtherRolesAreRefused() throws Exception {
        assertThat(post("admin", "{\"directory\": \"backups/x\"}").status).isEqualTo(400);
        assertThat(post("admin", "{}").status).isEqualTo(400);
        assertThat(post("admin", "{\"directory\": \"/b/full\"}").status).isEqualTo(409);
        assertThat(post("operator", "{\"directory\": \"/b/x\"}").status).isEqualTo(403);
        assertThat(asked).containsExactly(Path.of("/b/full"));
        store = null;
        assertThat(post("admin", "{\"directory\": \"/b/y\"}").status).isEqualTo(503);
    }
}
