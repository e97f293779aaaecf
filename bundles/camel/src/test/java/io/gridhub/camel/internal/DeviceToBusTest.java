package io.gridhub.camel.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.driver.DeviceState;
import io.gridhub.api.ingest.RawIngest;
import io.gridhub.api.model.Point;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.PointKind;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Quantity;
import io.gridhub.api.model.Sample;
import io.gridhub.core.internal.driver.DriverHost;
import io.gridhub.driver.testkit.FakeDriver;
import io.gridhub.testkit.FakeBus;
import io.gridhub.testkit.FakeRegistry;
import io.gridhub.testkit.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device reading on its whole way: the driver host (core) polls the fake device as the device's one mapping file
 * says, hands the raw value to normalization (started outside OSGi as {@link IngestComponent#outside} starts it for
 * the benchmarks), and the bus gets it scaled exactly once; a write goes back through the same mapping.
 */
class DeviceToBusTest {
    private static final PointId P = PointId.of("t.bat.p");
    private static final PointId SOC = PointId.of("t.bat.soc");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final FakeBus bus = new FakeBus();
    private final FakeRegistry registry = new FakeRegistry();
    private final FakeDriver driver = new FakeDriver();
    private final DefaultCamelContext camel = new DefaultCamelContext();
    private RawIngest engine;
    private DriverHost host;

    @BeforeEach
    void start() throws Exception {
        registry.register(Point.of(P, "bat", PointKind.MEASUREMENT, Quantity.ACTIVE_POWER, null));
        registry.register(Point.of(SOC, "bat", PointKind.MEASUREMENT, Quantity.STATE_OF_CHARGE, null));
        Path mappings = Files.createDirectories(dir.resolve("mappings"));
        Files.writeString(mappings.resolve("bat.json"), """
                {"source": "bat", "pollGroups": {"fast": 20},
                 "points": [
                   {"address": "hr:0", "point": "t.bat.p", "group": "fast", "unit": "kW", "scale": 0.5,
                    "dedupe": false},
                   {"address": "hr:4", "point": "t.bat.soc", "unit": "%", "scale": 0.1, "min": 0, "max": 100,
                    "dedupe": false}
                 ]}
                """);
        engine = IngestComponent.outside(camel, bus, registry, mappings, Clock.systemUTC());
        host = new DriverHost(bus, registry, () -> engine, Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        host.close();
        camel.close();
    }

    @Test
    void aReadingReachesTheBusScaledExactlyOnceAndAWriteUsesTheSameMapping() throws Exception {
        driver.device("bat").set("hr:0", 4).set("hr:4", 1234);
        host.configure("pid", driver, Map.of("name", "bat", "device", "bat", "pollMillis", "20"));
        Waits.until(TIMEOUT, () -> latest(P) != null && latest(SOC) != null, "p and soc on the bus");
        assertThat(host.device("bat").orElseThrow().state()).isEqualTo(DeviceState.ONLINE);
        assertThat(values(P)).as("4 × 0.5 kW, in W, on every publication").containsOnly(2000.0);
        assertThat(latest(SOC).quality().reason())
                .as("123.4 % is out of the mapping's range")
                .isEqualTo(Quality.Reason.OUT_OF_RANGE);

        assertThat(host.write(P, 3000).get(5, TimeUnit.SECONDS)).isEqualTo(Quality.GOOD);
        assertThat(driver.device("bat").get("hr:0")).as("3 kW / 0.5").isEqualTo(6.0);
        Waits.until(TIMEOUT, () -> latest(P).value() == 3000.0, "the written value read back");
        assertThat(values(P)).containsOnly(2000.0, 3000.0);
    }

    @Test
    void aDeviceWithoutAMappingFileDoesNotRunAndSaysWhy() throws Exception {
        host.configure("pid", driver, Map.of("name", "meter", "device", "meter", "pollMillis", "20"));
        assertThat(host.device("meter").orElseThrow().state()).isEqualTo(DeviceState.CONFIG_ERROR);
        assertThat(host.device("meter").orElseThrow().reason()).contains("no mapping describes device 'meter'");
        assertThat(driver.device("meter").connects()).isZero();
    }

    private Sample latest(PointId point) {
        List<Sample> all =
                bus.all().stream().filter(s -> s.point().equals(point)).toList();
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    private List<Double> values(PointId point) {
        return bus.all().stream()
                .filter(s -> s.point().equals(point))
                .map(Sample::value)
                .toList();
    }
}
