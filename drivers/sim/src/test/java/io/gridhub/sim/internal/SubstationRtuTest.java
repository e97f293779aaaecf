package io.gridhub.sim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.Reading;
import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.camel.internal.MappingFileParser;
import io.gridhub.driver.iec104.Iec104Address;
import io.gridhub.driver.iec104.Iec104Driver;
import io.gridhub.driver.iec104.Iec104Settings;
import io.gridhub.testkit.Settings;
import io.gridhub.testkit.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The substation RTU through the hub's own IEC 104 driver at its mapping file's IOAs: each feeder's P is the sum of
 * its members' meters less the shared assets' output on it, Q follows the power factor, the loading is the
 * transformer's apparent power over its rating; a step's new values arrive spontaneously with simulated time.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubstationRtuTest {
    private FieldFixture field;
    private FieldFixture.Slice slice;
    private Connection<Iec104Address> connection;
    private final Map<String, Iec104Address> ioas = new LinkedHashMap<>();

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        field = new FieldFixture(tmp, new FieldDevices.Intake(null, null, null));
        slice = new FieldFixture.Slice();
        Iec104Driver driver = new Iec104Driver();
        DeviceMapping m = MappingFileParser.device(FieldFixture.DEMO.resolve("mappings/rtu.json"));
        for (DeviceMapping.Channel c : m.channels()) {
            ioas.put(c.point().value(), driver.parseAddress(c.address()));
        }
        Iec104Settings settings = Settings.of(
                Iec104Settings.class,
                "host",
                "127.0.0.1",
                "port",
                field.config.rtu().port(),
                "commonAddress",
                field.config.rtu().commonAddress());
        connection = driver.connect(settings, DeviceContext.of("rtu", field.sim));
    }

    @AfterAll
    void stop() throws Exception {
        connection.close();
        field.close();
    }

    private Map<String, Reading> readAll() throws Exception {
        List<Reading> r = connection.read(List.copyOf(ioas.values()));
        Map<String, Reading> out = new LinkedHashMap<>();
        int i = 0;
        for (String point : ioas.keySet()) {
            assertThat(r.get(i).quality().isGood())
                    .as("%s: %s", point, r.get(i).quality())
                    .isTrue();
            out.put(point, r.get(i++));
        }
        return out;
    }

    /** The values the RTU must report at {@code t}, from the slice, the members' own devices and the assets' output. */
    private Map<String, Double> expected(Instant t) {
        double f1 = -field.devices.battery.control().powerW();
        double f2 = -field.devices.plant.pvW() - field.devices.plant.batteryW();
        for (int m = 1; m <= 25; m++) {
            f1 += slice.householdW(t, m) + field.devices.ownDevicesW(m);
        }
        for (int m = 26; m <= 50; m++) {
            f2 += slice.householdW(t, m) + field.devices.ownDevicesW(m);
        }
        double tan = Math.tan(Math.acos(0.95));
        double loading = 100 * Math.hypot(f1 + f2, (f1 + f2) * tan) / 100_000;
        return Map.of(
                "demo.f1.p", f1,
                "demo.f1.q", f1 * tan,
                "demo.f2.p", f2,
                "demo.f2.q", f2 * tan,
                "demo.t1.loading", loading);
    }

    @Test
    void feedersAreTheSumOfTheirMembersAndAssetsOnInterrogationAndSpontaneously() throws Exception {
        assertThat(ioas).hasSize(5);
        Map<String, Double> want = expected(field.sim.instant());
        assertThat(want.get("demo.f1.p")).isNotZero();
        readAll()
                .forEach((point, r) -> assertThat(r.value())
                        .as(point)
                        .isCloseTo(want.get(point), within(Math.abs(want.get(point)) * 1e-6 + 1e-3)));

        field.advance(Duration.ofHours(9)); // 18:15, the evening peak: other values, sent spontaneously
        Instant t1 = field.sim.instant();
        Map<String, Double> later = expected(t1);
        assertThat(later.get("demo.f1.p")).isNotEqualTo(want.get("demo.f1.p"));
        Waits.until(
                Duration.ofSeconds(5),
                () -> {
                    try {
                        // every value: the spontaneous messages of one step arrive one after the other
                        return readAll().values().stream().allMatch(r -> t1.equals(r.sourceTime()));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                },
                "the spontaneous values of " + t1);
        readAll().forEach((point, r) -> {
            assertThat(r.value())
                    .as(point)
                    .isCloseTo(later.get(point), within(Math.abs(later.get(point)) * 1e-6 + 1e-3));
            assertThat(r.sourceTime()).as(point).isEqualTo(t1);
        });
    }
}
