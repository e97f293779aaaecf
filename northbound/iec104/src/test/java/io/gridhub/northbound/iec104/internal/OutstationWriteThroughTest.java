package io.gridhub.northbound.iec104.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.DeviceState;
import io.gridhub.api.driver.Writable;
import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.core.internal.driver.DriverHost;
import io.gridhub.driver.iec104.Iec104Address;
import io.gridhub.driver.testkit.FakeDriver;
import io.gridhub.testkit.FakeBus;
import io.gridhub.testkit.FakeIngest;
import io.gridhub.testkit.FakeRegistry;
import io.gridhub.testkit.Waits;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A SCADA master's set-point command travels outstation → the hub's driver host ({@code PointWriter}) → the device
 * that maps the point, the raw value given by the device's mapping (normalization's, here the test kit's fake that
 * divides by 1000); a device that is down answers ACT_CON negative.
 */
@Timeout(60)
class OutstationWriteThroughTest {
    private static final Duration TEN_S = Duration.ofSeconds(10);
    private static final PointId P_SET = PointId.of("demo.bat.p_set");

    /** The device takes its set-point in kW on register "pset"; the hub's point is in W. */
    private final FakeIngest normalization =
            new FakeIngest().map("bat", Map.of(), DeviceMapping.Channel.of("pset", P_SET));

    {
        normalization.writeDivisors.put(P_SET, 1000.0);
    }

    private final DriverHost host =
            new DriverHost(new FakeBus(), new FakeRegistry(), () -> normalization, Clock.systemUTC());
    private final FakeDriver driver = new FakeDriver();
    private Fixture fixture;
    private Connection<Iec104Address> master;

    @AfterEach
    void stop() {
        if (master != null) {
            master.close();
        }
        if (fixture != null) {
            fixture.close();
        }
        host.close();
    }

    @Test
    void aMastersCommandReachesTheDevicePointItIsMappedTo() throws Exception {
        host.configure("pid-bat", driver, Map.of("name", "bat", "device", "bat", "pollMillis", "50"));
        Waits.until(TEN_S, () -> host.device("bat").orElseThrow().state() == DeviceState.ONLINE, "bat online");
        fixture = new Fixture(
                IoaMap.parse(new ObjectMapper().readTree("""
                { "points": [ { "ioa": 5001, "point": "demo.bat.p_set", "type": "float", "command": true } ] }
                """)),
                Set.of("127.0.0.1"),
                Set.of("127.0.0.1"),
                0,
                12,
                8,
                host::write);
        master = fixture.client();
        Writable<Iec104Address> w = (Writable<Iec104Address>) master;

        assertThat(w.write(Iec104Address.parse("ioa:5001:float"), -1500)).isEqualTo(Quality.GOOD);
        assertThat(driver.device("bat").get("pset"))
                .as("-1500 W as the device's kW")
                .isEqualTo(-1.5);
        assertThat(fixture.audit).last().asString().contains("executed", "demo.bat.p_set = -1500.0 written");

        driver.device("bat").up(false);
        Waits.until(TEN_S, () -> host.device("bat").orElseThrow().state() == DeviceState.OFFLINE, "bat offline");
        Quality refused = w.write(Iec104Address.parse("ioa:5001:float"), 2000);
        assertThat(refused.isGood())
                .as("a device that is down: negative ACT_CON")
                .isFalse();
        assertThat(driver.device("bat").get("pset")).isEqualTo(-1.5);
        assertThat(fixture.audit).last().asString().contains("failed", "not written", "not connected");
    }
}
