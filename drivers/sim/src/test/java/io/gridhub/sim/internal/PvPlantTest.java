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
import io.gridhub.driver.iec61850.Iec61850Address;
import io.gridhub.driver.iec61850.Iec61850Driver;
import io.gridhub.driver.iec61850.Iec61850Settings;
import io.gridhub.testkit.Settings;
import java.nio.file.Path;
import java.time.Duration;
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
 * The PV plant through the hub's own IEC 61850 driver at its mapping file's references: every reference reads
 * GOOD, the PV is the slice's aggregate scaled to 100 kWp, and the battery's watchdog counts wall time, not the
 * (accelerated) simulated time.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PvPlantTest {
    private FieldFixture field;
    private Connection<Iec61850Address> connection;
    private final Map<String, Iec61850Address> refs = new LinkedHashMap<>();
    private Map<String, Double> scales;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        field = new FieldFixture(tmp, new FieldDevices.Intake(null, null, null));
        Iec61850Driver driver = new Iec61850Driver();
        Path file = FieldFixture.DEMO.resolve("mappings/pv-plant.json");
        scales = MappingFileParser.scales(file);
        DeviceMapping m = MappingFileParser.device(file);
        for (DeviceMapping.Channel c : m.channels()) {
            refs.put(c.point().value(), driver.parseAddress(c.address()));
        }
        Iec61850Settings settings = Settings.of(
                Iec61850Settings.class,
                "host",
                "127.0.0.1",
                "port",
                field.config.pvPlant().port(),
                "timeoutMillis",
                5000);
        connection = driver.connect(settings, DeviceContext.of("pv-plant", field.sim));
    }

    @AfterAll
    void stop() throws Exception {
        connection.close();
        field.close();
    }

    private Reading read(String point) throws Exception {
        Reading r = connection.read(List.of(refs.get(point))).get(0);
        assertThat(r.quality().isGood()).as("%s: %s", point, r.quality()).isTrue();
        return r;
    }

    @Test
    void everyReferenceReadsGoodAndThePvIsTheScaledSlice() throws Exception {
        List<Reading> all = connection.read(List.copyOf(refs.values()));
        assertThat(all)
                .hasSize(12)
                .allSatisfy(r -> assertThat(r.quality().isGood()).isTrue());
        double pv = new FieldFixture.Slice().value(field.sim.instant(), "pv_kWh") * 2000 * 100_000 / 505_000;
        assertThat(pv).isPositive();
        assertThat(read("demo.pv-plant.p").value()).isCloseTo(pv, within(pv * 1e-6));
        assertThat(read("demo.pv-plant.p").sourceTime()).isEqualTo(field.sim.instant());
    }

    @Test
    void thePlantMeterCountsWhatThePlantDelivers() throws Exception {
        // The battery holds 0 W here (LOCAL before any write, SAFE after the watchdog test): the meter sees the PV.
        double exported = read("demo.plant-meter.e_exp").value();
        double imported = read("demo.plant-meter.e_imp").value();
        field.advance(Duration.ofMinutes(30));
        double pv = new FieldFixture.Slice().value(field.sim.instant(), "pv_kWh") * 2000 * 100_000 / 505_000;
        assertThat(read("demo.plant-meter.p").value()).as("MMXU1, + delivered").isCloseTo(pv, within(pv * 1e-6));
        assertThat(read("demo.plant-meter.e_exp").value() - exported).isCloseTo(pv * 0.5, within(1.0));
        assertThat(read("demo.plant-meter.e_imp").value()).isEqualTo(imported);
    }

    @Test
    void theBatteryWatchdogCountsWallTime() throws Exception {
        @SuppressWarnings("unchecked")
        Writable<Iec61850Address> w = (Writable<Iec61850Address>) connection;
        double kw = 5000 / scales.get("pvbatLD0/DRCC1.OutWSet.setMag.f[SP]"); // the mapping's way back: W -> kW
        assertThat(w.write(refs.get("demo.plant-bat.p_set"), kw)).isEqualTo(Quality.GOOD);
        field.sim.advance(Duration.ofMinutes(10)); // ten simulated minutes, no wall time
        field.step();
        assertThat(read("demo.plant-bat.control_state").value()).isEqualTo(1);
        assertThat(read("demo.plant-bat.p").value()).isEqualTo(5000);
        field.wall.advance(Duration.ofSeconds(30));
        field.step();
        assertThat(read("demo.plant-bat.control_state").value()).isEqualTo(2);
        assertThat(read("demo.plant-bat.p").value()).isZero();
    }
}
