package io.gridhub.sim.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.camel.internal.MappingFileParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The hub side of the field (config/demo): one device configuration and one mapping file per device of field.json,
 * at the field's port (a simulated EV charger: its charge point id; one without a simulator is a guest of the OCPP
 * central system), each mapping taken by the hub's parser; no configuration of the old in-hub simulators.
 */
class DemoConfigurationTest {
    private static Properties cfg(String driver, String device) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(
                FieldFixture.DEMO.resolve("io.gridhub.driver." + driver + ".device-" + device + ".cfg"))) {
            p.load(r);
        }
        return p;
    }

    @Test
    void everyDeviceHasItsConfigurationAtTheFieldsPortAndItsMappingFile() throws Exception {
        FieldConfig field = FieldConfig.read(FieldFixture.DEMO.resolve("field.json"));
        Map<String, String> drivers = new LinkedHashMap<>();
        for (FieldConfig.Gateway g : field.gateways()) {
            Properties p = cfg("modbus", g.name());
            assertThat(p.getProperty("port")).as(g.name()).isEqualTo(String.valueOf(g.port()));
            assertThat(p.getProperty("unitId")).as(g.name()).isEqualTo(String.valueOf(g.unitId()));
            drivers.put(g.name(), "modbus");
        }
        for (FieldConfig.HomeBattery h : field.homeBatteries()) {
            assertThat(cfg("modbus", h.name()).getProperty("port")).as(h.name()).isEqualTo(String.valueOf(h.port()));
            drivers.put(h.name(), "modbus");
        }
        FieldConfig.HotWater hw = field.hotWater();
        assertThat(cfg("modbus", hw.name()).getProperty("port")).isEqualTo(String.valueOf(hw.port()));
        assertThat(cfg("modbus", hw.name()).getProperty("unitId")).isEqualTo(String.valueOf(hw.unitId()));
        drivers.put(hw.name(), "modbus");
        assertThat(cfg("iec61850", field.pvPlant().name()).getProperty("port"))
                .isEqualTo(String.valueOf(field.pvPlant().port()));
        drivers.put(field.pvPlant().name(), "iec61850");
        FieldConfig.Battery b = field.sharedBattery();
        assertThat(cfg("opcua", b.name()).getProperty("endpointUrl"))
                .isEqualTo("opc.tcp://127.0.0.1:" + b.port() + b.path());
        assertThat(cfg("opcua", b.name()).getProperty("securityMode")).isEqualTo("none");
        drivers.put(b.name(), "opcua");
        Properties rtu = cfg("iec104", field.rtu().name());
        assertThat(rtu.getProperty("port")).isEqualTo(String.valueOf(field.rtu().port()));
        assertThat(rtu.getProperty("commonAddress"))
                .isEqualTo(String.valueOf(field.rtu().commonAddress()));
        drivers.put(field.rtu().name(), "iec104");

        Properties central = new Properties();
        try (Reader r = Files.newBufferedReader(FieldFixture.DEMO.resolve("io.gridhub.driver.ocpp.cfg"))) {
            central.load(r);
        }
        assertThat(central.getProperty("port")).isEqualTo("9220");
        int simulated = 0;
        for (FieldConfig.EvCharger c : field.evChargers()) {
            if (!c.simulated()) {
                // no simulator: a guest of the central system, not a device waiting offline for a charger
                assertThat(central.getProperty("guests")).contains(c.name() + ";assetId=" + c.name() + ";");
                continue;
            }
            Properties p = cfg("ocpp", c.name());
            assertThat(p.getProperty("chargePointId")).isEqualTo(c.name());
            assertThat(p.getProperty("assetId")).isEqualTo(c.name());
            assertThat(p.getProperty("allowNoAuth")).isEqualTo("true");
            drivers.put(c.name(), "ocpp");
            simulated++;
        }
        assertThat(field.evChargers())
                .filteredOn(c -> !c.simulated())
                .extracting(FieldConfig.EvCharger::name)
                .containsExactly("peer-cp01");

        assertThat(drivers).hasSize(14 + simulated);
        for (String device : drivers.keySet()) {
            DeviceMapping m = MappingFileParser.device(FieldFixture.DEMO.resolve("mappings/" + device + ".json"));
            assertThat(m.source()).isEqualTo(device);
            assertThat(m.channels()).isNotEmpty();
        }
        try (Stream<Path> files = Files.list(FieldFixture.DEMO)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .filteredOn(n -> n.startsWith("io.gridhub.driver.") || n.startsWith("io.gridhub.sim."))
                    // the central system's own configuration is no device
                    .filteredOn(n -> !n.equals("io.gridhub.driver.ocpp.cfg"))
                    .containsExactlyInAnyOrderElementsOf(drivers.entrySet().stream()
                            .map(e -> "io.gridhub.driver." + e.getValue() + ".device-" + e.getKey() + ".cfg")
                            .toList());
        }
    }

    @Test
    void theIntakeMappingsParse() throws Exception {
        assertThat(MappingFileParser.device(FieldFixture.DEMO.resolve("mappings/demo-weather.json"))
                        .channels())
                .hasSize(3);
        assertThat(MappingFileParser.device(FieldFixture.DEMO.resolve("mappings/smard-prices.json"))
                        .channels())
                .hasSize(1);
    }
}
