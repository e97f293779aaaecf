package io.gridhub.core.internal.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.driver.DeviceState;
import io.gridhub.api.driver.DeviceStatus;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import io.gridhub.core.internal.PointRegistryImpl;
import io.gridhub.core.internal.SampleBusImpl;
import io.gridhub.driver.testkit.FakeDevice;
import io.gridhub.driver.testkit.FakeDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriverHostTest {
    @TempDir
    Path dir;

    private final SampleBusImpl bus = new SampleBusImpl();
    private final PointRegistryImpl registry = new PointRegistryImpl();
    private final DriverHost host = new DriverHost(bus, registry, Clock.systemUTC());
    private final FakeDriver driver = new FakeDriver();

    @AfterEach
    void close() {
        host.close();
    }

    private Map<String, Object> config(String name, String mapJson) throws Exception {
        return config(dir, name, mapJson);
    }

    /** A device configuration with its point map written to {@code dir}; fast polls and backoff for tests. */
    static Map<String, Object> config(Path dir, String name, String mapJson) throws Exception {
        Path map = dir.resolve(name + ".json");
        Files.writeString(map, mapJson);
        Map<String, Object> p = new HashMap<>();
        p.put("name", name);
        p.put("device", name);
        p.put("pointMap", map.toString());
        p.put("pollMillis", "20");
        p.put("backoffMinMillis", "50");
        p.put("backoffMaxMillis", "200");
        p.put("watchdogMillis", "300");
        return p;
    }

    private static final String MAP = """
            {"pollGroups": {"fast": 20, "slow": 40},
             "points": [
               {"point": "x.p", "address": "p", "group": "fast", "scale": 1000, "unit": "W"},
               {"point": "x.soc", "address": "soc", "group": "slow", "scale": 0.1, "offset": 1},
               {"point": "x.bad", "address": "bad7", "group": "fast"}
             ]}""";

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private DeviceStatus status(String name) {
        return host.device(name).orElseThrow();
    }

    private Sample latest(String point) {
        return bus.latest(PointId.of(point)).orElse(null);
    }

    @Test
    void pollsGroupsScalesAndPublishesWithQualities() throws Exception {
        driver.device("x").set("p", 2.5).set("soc", 500);
        host.configure("pid1", driver, config("x", MAP));
        await("samples", () -> latest("x.p") != null && latest("x.soc") != null && latest("x.bad") != null);
        assertThat(latest("x.p").value()).isEqualTo(2500);
        assertThat(latest("x.p").quality()).isEqualTo(Quality.GOOD);
        assertThat(latest("x.soc").value()).isEqualTo(51);
        assertThat(latest("x.bad").quality().reason()).isEqualTo(Quality.Reason.OUT_OF_RANGE);
        DeviceStatus s = status("x");
        assertThat(s.state()).isEqualTo(DeviceState.ONLINE);
        assertThat(s.driver()).isEqualTo("fake");
        assertThat(s.points()).isEqualTo(3);
        await("reads counted", () -> status("x").reads() >= 5 && status("x").errors() >= 1);
        assertThat(latest("device.x.status").value()).isEqualTo(DeviceState.ONLINE.ordinal());
        assertThat(registry.point(PointId.of("device.x.status"))).isPresent();
    }

    @Test
    void neverTwoCallsAtOnceOnOneDevice() throws Exception {
        host.configure("pid1", driver, config("x", MAP));
        FakeDevice d = driver.device("x");
        await("many reads", () -> d.reads() >= 30);
        host.write(PointId.of("x.p"), 1000).get(5, TimeUnit.SECONDS);
        assertThat(d.maxConcurrentCalls()).isEqualTo(1);
    }

    @Test
    void goesOfflineWithReasonInvalidatesPointsAndReconnectsWithBackoff() throws Exception {
        host.configure("pid1", driver, config("x", MAP));
        FakeDevice d = driver.device("x");
        await("online", () -> status("x").state() == DeviceState.ONLINE && latest("x.p") != null);
        d.up(false);
        await("offline", () -> status("x").state() == DeviceState.OFFLINE);
        assertThat(status("x").reason()).contains("connection lost");
        await("invalid sample", () -> !latest("x.p").quality().isGood());
        assertThat(latest("x.p").quality().reason()).isEqualTo(Quality.Reason.COMMUNICATION_FAILURE);
        assertThat(latest("device.x.status").quality().detail()).contains("connection lost");
        int connectsBefore = d.connects();
        d.up(true);
        await("online again", () -> status("x").state() == DeviceState.ONLINE);
        assertThat(d.connects()).isEqualTo(connectsBefore + 1);
        assertThat(status("x").reconnects()).isEqualTo(1);
        await("good again", () -> latest("x.p").quality().isGood());
    }

    @Test
    void aHangingDeviceDelaysNoOtherAndIsAbandonedByTheWatchdog() throws Exception {
        host.configure("pid1", driver, config("x", MAP));
        host.configure("pid2", driver, config("y", MAP.replace("x.", "y.")));
        FakeDevice x = driver.device("x");
        FakeDevice y = driver.device("y");
        await(
                "both online",
                () -> status("x").state() == DeviceState.ONLINE && status("y").state() == DeviceState.ONLINE);
        x.hang(true);
        int yReads = y.reads();
        Thread.sleep(200);
        assertThat(y.reads()).as("y keeps polling while x hangs").isGreaterThan(yReads + 3);
        await("x abandoned", () -> status("x").state() == DeviceState.OFFLINE);
        assertThat(status("x").reason()).contains("hung");
        x.hang(false);
        await("x back", () -> status("x").state() == DeviceState.ONLINE);
        // The hung connection was closed under the hung call, not leaked.
        await("one open connection", () -> x.openConnections() == 1);
        assertThat(x.maxConcurrentCalls()).isEqualTo(1);
    }

    @Test
    void writesUndoScaleAndCommandsSelectBeforeOperate() throws Exception {
        host.configure("pid1", driver, config("x", MAP));
        await("online", () -> status("x").state() == DeviceState.ONLINE);
        assertThat(host.write(PointId.of("x.p"), 1500).get(5, TimeUnit.SECONDS)).isEqualTo(Quality.GOOD);
        assertThat(driver.device("x").get("p")).isEqualTo(1.5);
        assertThat(host.write(PointId.of("x.bad"), 1).get(5, TimeUnit.SECONDS).isGood())
                .isFalse();
        assertThat(host.command(PointId.of("x.soc"), 11).get(5, TimeUnit.SECONDS))
                .isEqualTo(Quality.GOOD);
        assertThat(driver.device("x").commands()).containsExactly("soc=100.0");
        assertThat(host.command(PointId.of("x.bad"), 1).get(5, TimeUnit.SECONDS).reason())
                .isEqualTo(Quality.Reason.BLOCKED);
    }

    @Test
    void configurationErrorsNameWhatIsWrong() throws Exception {
        Map<String, Object> badAddress = config("a", """
                {"points": [{"point": "a.p", "address": "has space"}]}""");
        host.configure("pid-a", driver, badAddress);
        assertThat(status("a").state()).isEqualTo(DeviceState.CONFIG_ERROR);
        assertThat(status("a").reason()).contains("point a.p").contains("'has space'");
        assertThat(latest("device.a.status").quality().reason()).isEqualTo(Quality.Reason.CONFIGURATION_ERROR);

        Map<String, Object> badSetting = config("b", MAP);
        badSetting.put("pollMillis", "often");
        host.configure("pid-b", driver, badSetting);
        assertThat(status("b").reason()).contains("pollMillis");

        Map<String, Object> noMap = config("c", MAP);
        noMap.remove("pointMap");
        host.configure("pid-c", driver, noMap);
        assertThat(host.devices()).anySatisfy(s -> assertThat(s.reason()).contains("pointMap"));

        Map<String, Object> badJson = config("d", "{\"points\": [ {\"point\": \"d.p\", \"address\": 3 ");
        host.configure("pid-d", driver, badJson);
        assertThat(status("d").reason()).contains("d.json").contains("line 1");

        // Fixing the configuration replaces the error.
        host.configure("pid-a", driver, config("a", MAP.replace("x.", "a.")));
        await("a online", () -> status("a").state() == DeviceState.ONLINE);
    }

    @Test
    void deviceNameDefaultsToTheConfigFileSuffixAndMustBeUnique() throws Exception {
        Map<String, Object> p = config("ignored", MAP);
        p.remove("name");
        p.put("felix.fileinstall.filename", "file:/opt/etc/io.gridhub.driver.fake.device-bat-1.cfg");
        assertThat(host.configure("pid1", driver, p)).isEqualTo("bat-1");
        host.configure("pid2", driver, config("bat-1", MAP.replace("x.", "z.")));
        assertThat(host.devices()).anySatisfy(s -> assertThat(s.reason()).contains("already used"));
    }

    @Test
    void removingADeviceClosesItsConnection() throws Exception {
        host.configure("pid1", driver, config("x", MAP));
        await("online", () -> status("x").state() == DeviceState.ONLINE);
        host.remove("pid1");
        assertThat(host.devices()).isEmpty();
        assertThat(driver.device("x").openConnections()).isZero();
    }
}
