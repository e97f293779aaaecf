package io.gridhub.sim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.Reading;
import io.gridhub.api.driver.Writable;
import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.api.model.Quality;
import io.gridhub.camel.internal.MappingFileParser;
import io.gridhub.driver.opcua.OpcUaDriver;
import io.gridhub.driver.opcua.OpcUaSettings;
import io.gridhub.testkit.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared battery read and written by the hub's own OPC UA driver (security None, anonymous, as the demo's
 * device configuration says) at its mapping file's NodeIds: LOCAL it covers half of the community's net import;
 * a written setpoint makes it REMOTE and it follows, its connection-point meter counting; without a write for 30 s
 * of wall time it goes SAFE at 0 W.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpcUaBatteryTest {
    private FieldFixture field;
    private Connection<NodeId> connection;
    private Map<String, NodeId> nodes;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        field = new FieldFixture(tmp, new FieldDevices.Intake(null, null, null));
        FieldConfig.Battery b = field.config.sharedBattery();
        OpcUaDriver driver = new OpcUaDriver();
        DeviceMapping m = MappingFileParser.device(FieldFixture.DEMO.resolve("mappings/shared-bat.json"));
        nodes = m.channels().stream()
                .collect(Collectors.toMap(c -> c.point().value(), c -> parse(driver, c.address())));
        OpcUaSettings settings = Settings.of(
                OpcUaSettings.class,
                "endpointUrl",
                "opc.tcp://127.0.0.1:" + b.port() + b.path(),
                "securityMode",
                "none",
                "pkiDir",
                tmp.resolve("pki").toString());
        connection = driver.connect(settings, DeviceContext.of("shared-bat", field.sim));
    }

    private static NodeId parse(OpcUaDriver driver, String address) {
        try {
            return driver.parseAddress(address);
        } catch (Exception e) {
            throw new AssertionError(address, e);
        }
    }

    @AfterAll
    void stop() throws Exception {
        connection.close();
        field.close();
    }

    private Reading read(String point) throws Exception {
        return readPoint("demo.shared-bat." + point);
    }

    private Reading readPoint(String point) throws Exception {
        Reading r = connection.read(List.of(nodes.get(point))).get(0);
        assertThat(r.quality().isGood()).as("%s: %s", point, r.quality()).isTrue();
        return r;
    }

    private Quality write(String point, double value) throws Exception {
        @SuppressWarnings("unchecked")
        Writable<NodeId> w = (Writable<NodeId>) connection;
        return w.write(nodes.get("demo.shared-bat." + point), value);
    }

    @Test
    void localThenFollowsTheSetpointThenSafeAfterTheWatchdog() throws Exception {
        // LOCAL: half of the members' import (households and their own devices) less the plant's output, within 50 kW.
        Instant t0 = field.sim.instant();
        FieldFixture.Slice slice = new FieldFixture.Slice();
        double households = 0;
        for (int m = 1; m <= 50; m++) {
            households += slice.householdW(t0, m) + field.devices.ownDevicesW(m);
        }
        double net = households - field.devices.plant.pvW() - field.devices.plant.batteryW();
        assertThat(read("control_state").value()).isZero();
        assertThat(read("p").value()).isCloseTo(Math.max(-50_000, Math.min(50_000, net / 2)), within(0.01));
        assertThat(read("p").sourceTime()).isEqualTo(t0);
        assertThat(read("soc").value()).isEqualTo(50.0);

        assertThat(write("p_set", -10_000)).isEqualTo(Quality.GOOD);
        assertThat(read("control_state").value()).isEqualTo(1);
        field.sim.advance(Duration.ofMinutes(6)); // simulated time only: the watchdog counts wall time
        field.step();
        assertThat(read("p").value()).isEqualTo(-10_000);
        assertThat(read("p_set").value()).isEqualTo(-10_000);
        // 10 kW charging for 6 min: 1 kWh of 100 kWh
        assertThat(read("soc").value()).isCloseTo(51.0, within(1e-9));
        // the cooperative's meter at the battery's connection point: + import, counting the 1 kWh charged
        assertThat(readPoint("demo.storage-meter.p").value()).isEqualTo(10_000);
        assertThat(readPoint("demo.storage-meter.e_imp").value()).isCloseTo(1000, within(1e-6));
        assertThat(readPoint("demo.storage-meter.e_exp").value()).isZero();
        assertThat(read("p").sourceTime()).isEqualTo(t0.plus(Duration.ofMinutes(6)));

        assertThat(write("heartbeat", 7)).isEqualTo(Quality.GOOD);
        field.wall.advance(Duration.ofSeconds(29));
        field.step();
        assertThat(read("control_state").value()).isEqualTo(1);
        assertThat(read("p").value()).isEqualTo(-10_000);

        field.wall.advance(Duration.ofSeconds(1)); // 30 s without a write
        field.step();
        assertThat(read("control_state").value()).isEqualTo(2);
        assertThat(read("p").value()).isZero();
        assertThat(read("p_set").value()).isZero();

        assertThat(write("p_set", 20_000)).isEqualTo(Quality.GOOD); // the next write takes it back
        field.step();
        assertThat(read("control_state").value()).isEqualTo(1);
        assertThat(read("p").value()).isEqualTo(20_000);
    }

    @Test
    void everyNodeOfTheMappingFileReadsGood() throws Exception {
        assertThat(nodes).hasSize(8);
        List<Reading> all = connection.read(List.copyOf(nodes.values()));
        assertThat(all).allSatisfy(r -> assertThat(r.quality().isGood()).isTrue());
    }
}
