package io.gridhub.core.internal.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.driver.DeviceState;
import io.gridhub.api.driver.DeviceStatus;
import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.api.ingest.RawReading;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import io.gridhub.core.internal.PointRegistryImpl;
import io.gridhub.core.internal.SampleBusImpl;
import io.gridhub.driver.testkit.FakeDevice;
import io.gridhub.driver.testkit.FakeDriver;
import io.gridhub.testkit.FakeIngest;
import io.gridhub.testkit.Settings;
import io.gridhub.testkit.Waits;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DriverHostTest {
    private final SampleBusImpl bus = new SampleBusImpl();
    private final PointRegistryImpl registry = new PointRegistryImpl();
    private final FakeIngest ingest = new FakeIngest();
    private final DriverHost host = new DriverHost(bus, registry, () -> ingest, Clock.systemUTC());
    private final FakeDriver driver = new FakeDriver();

    @AfterEach
    void close() {
        host.close();
    }

    /** A device configuration (host and driver settings, no description of points); fast polls and backoff. */
    static Map<String, Object> config(String name) {
        return Settings.map(
                "name",
                name,
                "device",
                name,
                "pollMillis",
                "20",
                "backoffMinMillis",
                "50",
                "backoffMaxMillis",
                "200",
                "watchdogMillis",
                "300");
    }

    /** The device's mapping as normalization hands it out: p and bad7 polled fast, soc slow. */
    static DeviceMapping mapping(String device) {
        return new DeviceMapping(
                device,
                Map.of("fast", 20L, "slow", 40L),
                List.of(
                        new DeviceMapping.Channel("p", PointId.of(device + ".p"), "fast"),
                        new DeviceMapping.Channel("soc", PointId.of(device + ".soc"), "slow"),
                        new DeviceMapping.Channel("bad7", PointId.of(device + ".bad"), "fast")));
    }

    private void configure(String key, String device) {
        ingest.mappings.put(device, mapping(device));
        host.configure(key, driver, config(device));
    }

    static void await(String what, BooleanSupplier condition) {
        Waits.until(Duration.ofSeconds(10), condition, what);
    }

    private DeviceStatus status(String name) {
        return host.device(name).orElseThrow();
    }

    private Sample latest(String point) {
        return bus.latest(PointId.of(point)).orElse(null);
    }

    private RawReading last(String device, String address) {
        return ingest.last(device, address).orElse(null);
    }

    @Test
    void pollsGroupsAndHandsRawReadingsWithTheirQualitiesToNormalization() throws Exception {
        driver.device("x").set("p", 2.5).set("soc", 500);
        configure("pid1", "x");
        await("readings", () -> last("x", "p") != null && last("x", "soc") != null && last("x", "bad7") != null);
        assertThat(last("x", "p").rawValue()).as("raw: normalization scales").isEqualTo(2.5);
        assertThat(last("x", "p").quality()).as("GOOD").isEmpty();
        assertThat(last("x", "soc").rawValue()).isEqualTo(500);
        assertThat(RawReading.fromCode(last("x", "bad7").quality()).reason()).isEqualTo(Quality.Reason.OUT_OF_RANGE);
        assertThat(latest("x.p")).as("the host publishes no reading itself").isNull();
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
        configure("pid1", "x");
        FakeDevice d = driver.device("x");
        await("many reads", () -> d.reads() >= 30);
        host.write(PointId.of("x.p"), 1000).get(5, TimeUnit.SECONDS);
        assertThat(d.maxConcurrentCalls()).isEqualTo(1);
    }

    @Test
    void goesOfflineWithReasonInvalidatesPointsAndReconnectsWithBackoff() throws Exception {
        configure("pid1", "x");
        FakeDevice d = driver.device("x");
        await("online", () -> status("x").state() == DeviceState.ONLINE && last("x", "p") != null);
        d.up(false);
        await("offline", () -> status("x").state() == DeviceState.OFFLINE);
        assertThat(status("x").reason()).contains("connection lost");
        await("invalid reading", () -> !last("x", "p").quality().isEmpty());
        assertThat(RawReading.fromCode(last("x", "p").quality()).reason())
                .isEqualTo(Quality.Reason.COMMUNICATION_FAILURE);
        assertThat(latest("device.x.status").quality().detail()).contains("connection lost");
        int connectsBefore = d.connects();
        d.up(true);
        await("online again", () -> status("x").state() == DeviceState.ONLINE);
        assertThat(d.connects()).isEqualTo(connectsBefore + 1);
        assertThat(status("x").reconnects()).isEqualTo(1);
        await("good again", () -> last("x", "p").quality().isEmpty());
    }

    @Test
    void aHangingDeviceDelaysNoOtherAndIsAbandonedByTheWatchdog() throws Exception {
        configure("pid1", "x");
        configure("pid2", "y");
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
    void writesTakeTheirRawValueFromNormalizationAndCommandsSelectBeforeOperate() throws Exception {
        configure("pid1", "x");
        ingest.writeDivisors.put(PointId.of("x.p"), 1000.0);
        ingest.writeDivisors.put(PointId.of("x.soc"), 0.1);
        await("online", () -> status("x").state() == DeviceState.ONLINE);
        assertThat(host.write(PointId.of("x.p"), 1500).get(5, TimeUnit.SECONDS)).isEqualTo(Quality.GOOD);
        assertThat(driver.device("x").get("p")).isEqualTo(1.5);
        assertThat(host.write(PointId.of("x.bad"), 1).get(5, TimeUnit.SECONDS).isGood())
                .isFalse();
        assertThat(host.write(PointId.of("nobody.p"), 1)
                        .get(5, TimeUnit.SECONDS)
                        .reason())
                .isEqualTo(Quality.Reason.CONFIGURATION_ERROR);
        assertThat(host.command(PointId.of("x.soc"), 10).get(5, TimeUnit.SECONDS))
                .isEqualTo(Quality.GOOD);
        assertThat(driver.device("x").commands()).containsExactly("soc=100.0");
        assertThat(host.command(PointId.of("x.bad"), 1).get(5, TimeUnit.SECONDS).reason())
                .isEqualTo(Quality.Reason.BLOCKED);
    }

    @Test
    void aWriteNormalizationCannotConvertIsAConfigurationErrorNotAWrite() throws Exception {
        configure("pid1", "x");
        await("online", () -> status("x").state() == DeviceState.ONLINE);
        ingest.mappings.put("x", new DeviceMapping("x", Map.of(), List.of()));
        Quality q = host.write(PointId.of("x.p"), 1500).get(5, TimeUnit.SECONDS);
        assertThat(q.reason()).isEqualTo(Quality.Reason.CONFIGURATION_ERROR);
        assertThat(q.detail()).contains("x.p");
        assertThat(driver.device("x").get("p")).isNotEqualTo(1.5);
    }

    @Test
    void configurationErrorsNameWhatIsWrong() throws Exception {
        ingest.map("a", Map.of(), DeviceMapping.Channel.of("has space", PointId.of("a.p")));
        host.configure("pid-a", driver, config("a"));
        assertThat(status("a").state()).isEqualTo(DeviceState.CONFIG_ERROR);
        assertThat(status("a").reason()).contains("point a.p").contains("'has space'");
        assertThat(latest("device.a.status").quality().reason()).isEqualTo(Quality.Reason.CONFIGURATION_ERROR);

        Map<String, Object> badSetting = config("b");
        ingest.mappings.put("b", mapping("b"));
        badSetting.put("pollMillis", "often");
        host.configure("pid-b", driver, badSetting);
        assertThat(status("b").reason()).contains("pollMillis");

        ingest.map("g", Map.of(), new DeviceMapping.Channel("p", PointId.of("g.p"), "slow"));
        host.configure("pid-g", driver, config("g"));
        assertThat(status("g").reason()).contains("point g.p").contains("poll group 'slow'");

        // Fixing the configuration replaces the error.
        configure("pid-a", "a");
        await("a online", () -> status("a").state() == DeviceState.ONLINE);
    }

    @Test
    void deviceNameDefaultsToTheConfigFileSuffixAndMustBeUnique() throws Exception {
        ingest.mappings.put("bat-1", mapping("bat-1"));
        Map<String, Object> p = config("ignored");
        p.remove("name");
        p.put("felix.fileinstall.filename", "file:/opt/etc/io.gridhub.driver.fake.device-bat-1.cfg");
        assertThat(host.configure("pid1", driver, p)).isEqualTo("bat-1");
        host.configure("pid2", driver, config("bat-1"));
        assertThat(host.devices()).anySatisfy(s -> assertThat(s.reason()).contains("already used"));
    }

    @Test
    void removingADeviceClosesItsConnection() throws Exception {
        configure("pid1", "x");
        await("online", () -> status("x").state() == DeviceState.ONLINE);
        host.remove("pid1");
        assertThat(host.devices()).isEmpty();
        assertThat(driver.device("x").openConnections()).isZero();
    }
}
