package io.gridhub.core.internal.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.driver.DeviceState;
import io.gridhub.api.driver.DeviceStatus;
import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.api.ingest.RawIngest;
import io.gridhub.api.ingest.RawReading;
import io.gridhub.api.model.PointId;
import io.gridhub.core.internal.PointRegistryImpl;
import io.gridhub.core.internal.SampleBusImpl;
import io.gridhub.driver.testkit.FakeDriver;
import io.gridhub.testkit.FakeIngest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The seam between the driver host and normalization ({@link RawIngest}): the device's one mapping comes from there,
 * every cycle goes there raw, and nothing reaches the bus from the host but the device's status.
 */
class DriverHostIngestTest {
    private final SampleBusImpl bus = new SampleBusImpl();
    private final FakeIngest ingest = new FakeIngest();
    private final AtomicReference<RawIngest> service = new AtomicReference<>(ingest);
    private final DriverHost host = new DriverHost(bus, new PointRegistryImpl(), service::get, Clock.systemUTC());
    private final FakeDriver driver = new FakeDriver();

    @AfterEach
    void close() {
        host.close();
    }

    private static void await(String what, BooleanSupplier condition) {
        DriverHostTest.await(what, condition);
    }

    /** Null while the device is being configured again (between its old runner's stop and its new one). */
    private DeviceState state(String device) {
        return host.device(device).map(DeviceStatus::state).orElse(null);
    }

    private String reason(String device) {
        return host.device(device).orElseThrow().reason();
    }

    @Test
    void eachCycleIsOneCallWithTheRawValuesOfItsGroupInMappingOrder() throws Exception {
        ingest.mappings.put("x", DriverHostTest.mapping("x"));
        driver.device("x").set("p", 2.5);
        host.configure("pid1", driver, DriverHostTest.config("x"));
        await("cycles", () -> ingest.cycles.size() >= 3);
        List<RawReading> fast =
                ingest.cycles.stream().filter(c -> c.size() == 2).findFirst().orElseThrow();
        assertThat(fast).extracting(RawReading::address).containsExactly("p", "bad7");
        assertThat(fast).allSatisfy(r -> assertThat(r.deviceId()).isEqualTo("x"));
        assertThat(fast.get(0).rawValue()).isEqualTo(2.5);
        assertThat(fast.get(0).sourceTime()).isNotNull();
        assertThat(bus.latest(PointId.of("x.p")))
                .as("nothing straight to the bus")
                .isEmpty();
        assertThat(bus.latest(PointId.of("device.x.status")))
                .as("the host's own status point is")
                .isPresent();
    }

    @Test
    void aLostConnectionInvalidatesEveryPointThroughTheSamePath() throws Exception {
        ingest.mappings.put("x", DriverHostTest.mapping("x"));
        host.configure("pid1", driver, DriverHostTest.config("x"));
        await("online", () -> state("x") == DeviceState.ONLINE && !ingest.cycles.isEmpty());
        driver.device("x").up(false);
        await(
                "invalid cycle",
                () -> ingest.cycles.stream()
                        .anyMatch(c -> c.get(0).quality().startsWith("INVALID:COMMUNICATION_FAILURE:")));
        List<RawReading> invalid = ingest.cycles.stream()
                .filter(c -> c.get(0).quality().startsWith("INVALID:COMMUNICATION_FAILURE:"))
                .findFirst()
                .orElseThrow();
        assertThat(invalid).hasSize(3).allSatisfy(r -> assertThat(r.rawValue()).isNaN());
        assertThat(RawReading.fromCode(invalid.get(0).quality()).detail()).contains("connection lost");
        assertThat(bus.latest(PointId.of("x.p"))).isEmpty();
    }

    @Test
    void withoutNormalizationADeviceWaitsAndStartsWhenItComes() throws Exception {
        ingest.mappings.put("x", DriverHostTest.mapping("x"));
        service.set(null);
        host.configure("pid1", driver, DriverHostTest.config("x"));
        assertThat(state("x")).isEqualTo(DeviceState.OFFLINE);
        assertThat(reason("x")).contains("waiting for normalization");
        assertThat(driver.device("x").connects()).isZero();

        service.set(ingest);
        host.ingestChanged();
        await("online", () -> state("x") == DeviceState.ONLINE);
        await("cycles", () -> !ingest.cycles.isEmpty());

        service.set(null);
        host.ingestChanged();
        await("waiting again", () -> state("x") == DeviceState.OFFLINE);
        assertThat(driver.device("x").openConnections()).isZero();
        assertThat(bus.latest(PointId.of("x.p"))).isEmpty();
    }

    @Test
    void whenNormalizationFailsTheHostPublishesNothingInItsPlace() throws Exception {
        ingest.mappings.put("x", DriverHostTest.mapping("x"));
        driver.device("x").set("p", 2.5);
        host.configure("pid1", driver, DriverHostTest.config("x"));
        await("cycles", () -> !ingest.cycles.isEmpty());
        ingest.failing = true;
        long reads = host.device("x").orElseThrow().reads();
        await("polled on", () -> host.device("x").orElseThrow().reads() > reads + 5);
        assertThat(bus.latest(PointId.of("x.p"))).isEmpty();
        int before = ingest.cycles.size();
        ingest.failing = false;
        await("normalized again", () -> ingest.cycles.size() > before);
    }

    @Test
    void aMissingMappingIsAClearErrorAndTheDeviceStartsOnceOneDescribesIt() throws Exception {
        host.configure("pid1", driver, DriverHostTest.config("x"));
        assertThat(state("x")).isEqualTo(DeviceState.CONFIG_ERROR);
        assertThat(reason("x")).contains("no mapping describes device 'x'").contains("\"source\": \"x\"");

        ingest.map("x", Map.of(), DeviceMapping.Channel.of("p", PointId.of("x.p")));
        host.refresh();
        await("online", () -> state("x") == DeviceState.ONLINE);
        assertThat(host.device("x").orElseThrow().points()).isEqualTo(1);

        // A changed layout (a point more) configures the device again; an unchanged one leaves it running.
        int connects = driver.device("x").connects();
        host.refresh();
        assertThat(driver.device("x").connects()).isEqualTo(connects);
        ingest.map(
                "x",
                Map.of(),
                DeviceMapping.Channel.of("p", PointId.of("x.p")),
                DeviceMapping.Channel.of("soc", PointId.of("x.soc")));
        host.refresh();
        await("two points", () -> host.device("x").orElseThrow().points() == 2);
        assertThat(host.writable(PointId.of("x.soc"))).isTrue();
    }

    @Test
    void normalizationGoingAwayAfterTheHostClosedIsIgnored() {
        host.close();
        host.ingestChanged();
        assertThat(host.devices()).isEmpty();
    }

    @Test
    void aPointMapSettingIsRefusedAsASecondDescriptionOfTheDevice() throws Exception {
        ingest.mappings.put("x", DriverHostTest.mapping("x"));
        Map<String, Object> cfg = DriverHostTest.config("x");
        cfg.put("pointMap", "/opt/etc/gridhub/modbus-x.json");
        host.configure("pid1", driver, cfg);
        assertThat(state("x")).isEqualTo(DeviceState.CONFIG_ERROR);
        assertThat(reason("x"))
                .contains("'pointMap' describes the device a second time")
                .contains("\"source\": \"x\"");
        assertThat(driver.device("x").connects()).isZero();
    }
}
