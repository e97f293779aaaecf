package io.gridhub.sim.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.Reading;
import io.gridhub.api.driver.Writable;
import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.camel.internal.MappingFileParser;
import io.gridhub.driver.modbus.ModbusAddress;
import io.gridhub.driver.modbus.ModbusDriver;
import io.gridhub.driver.modbus.ModbusSettings;
import io.gridhub.testkit.Ports;
import io.gridhub.testkit.Settings;
import io.gridhub.testkit.SteppingClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The demo field (config/demo/field.json, its data slice) on free ports, stepped by the test: a simulated and a
 * wall clock the test moves, no threads of its own. Also the slice read independently of the field, to check the
 * field's values against.
 */
final class FieldFixture implements AutoCloseable {
    static final Path DEMO = Path.of(System.getProperty("gridhub.demo", "../../config/demo"));
    static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");
    /** Monday 2026-12-07 09:15 in Sydney (AEDT): slice day 0 of its week, slot 18. */
    static final Instant T0 = ZonedDateTime.of(2026, 12, 7, 9, 15, 0, 0, SYDNEY).toInstant();

    final SteppingClock sim = SteppingClock.at(T0);
    final SteppingClock wall = SteppingClock.at(Instant.parse("2030-01-01T00:00:00Z"));
    final FieldConfig config;
    final FieldDevices devices;

    FieldFixture(Path tmp, FieldDevices.Intake intake) throws Exception {
        ObjectNode json = (ObjectNode)
                new ObjectMapper().readTree(DEMO.resolve("field.json").toFile());
        List<ObjectNode> withPorts = new ArrayList<>();
        json.withArray("gateways").forEach(g -> withPorts.add((ObjectNode) g));
        withPorts.add((ObjectNode) json.get("pvPlant"));
        withPorts.add((ObjectNode) json.get("sharedBattery"));
        withPorts.add((ObjectNode) json.get("rtu"));
        json.withArray("homeBatteries").forEach(b -> withPorts.add((ObjectNode) b));
        withPorts.add((ObjectNode) json.get("hotWater"));
        List<Integer> ports = Ports.free(withPorts.size());
        for (int i = 0; i < withPorts.size(); i++) {
            withPorts.get(i).put("port", ports.get(i));
        }
        json.put(
                "data", DEMO.resolve(json.get("data").asText()).toAbsolutePath().toString());
        ObjectNode prices = (ObjectNode) json.get("prices");
        prices.put(
                "file",
                DEMO.resolve(prices.get("file").asText()).toAbsolutePath().toString());
        Path file = tmp.resolve("field.json");
        Files.writeString(file, json.toPrettyString(), StandardCharsets.UTF_8);
        config = FieldConfig.read(file);
        devices = new FieldDevices(config, tmp, sim, wall, intake, 0);
    }

    /** The slice's cells, read here without the field's code: row → column → value. */
    static final class Slice {
        final List<String> header;
        final List<String[]> rows = new ArrayList<>();

        Slice() throws IOException {
            Iterator<String> lines = Files.readAllLines(DEMO.resolve("data/community-2013-02.csv"))
                    .iterator();
            header = List.of(lines.next().split(","));
            lines.forEachRemaining(l -> rows.add(l.split(",", -1)));
        }

        /** The row replayed at {@code t}: the slice day of the same weekday, the same 30-minute slot. */
        String[] at(Instant t) {
            ZonedDateTime local = t.atZone(SYDNEY);
            long days =
                    local.toLocalDate().toEpochDay() - LocalDate.of(2013, 2, 4).toEpochDay();
            int row = (int) Math.floorMod(days, 28) * 48 + local.getHour() * 2 + local.getMinute() / 30;
            return rows.get(row);
        }

        double value(Instant t, String column) {
            return Double.parseDouble(at(t)[header.indexOf(column)]);
        }

        /** Household {@code member}'s power at {@code t}, W. */
        double householdW(Instant t, int member) {
            return value(t, String.format("H%02d", member)) * 2000;
        }
    }

    /** Moves both clocks and steps the devices (the plant too: it has no thread here). */
    void advance(Duration d) {
        sim.advance(d);
        wall.advance(d);
        step();
    }

    /** Moves simulated time only (an accelerated field: the watchdogs' wall clock stands) and steps the devices. */
    void advanceSim(Duration d) {
        sim.advance(d);
        step();
    }

    void step() {
        devices.plant.step();
        devices.step();
    }

    /**
     * A Modbus device of the field through the hub's own driver at the addresses of its mapping file (parsed by the
     * hub's parser), in the mapping's units (raw × scale).
     */
    final class Modbus implements AutoCloseable {
        private final DeviceMapping mapping;
        private final Map<String, Double> scales;
        private final ModbusDriver driver = new ModbusDriver();
        private final Connection<ModbusAddress> connection;

        Modbus(String source, int port, int unitId) throws Exception {
            Path file = DEMO.resolve("mappings/" + source + ".json");
            mapping = MappingFileParser.device(file);
            scales = MappingFileParser.scales(file);
            ModbusSettings settings = Settings.of(
                    ModbusSettings.class, "host", "127.0.0.1", "port", port, "unitId", unitId, "timeoutMillis", 2000);
            connection = driver.connect(settings, DeviceContext.of(source, sim));
        }

        /** Every point of the mapping; each reading must be good. */
        Map<PointId, Double> read() throws Exception {
            List<ModbusAddress> addresses = new ArrayList<>();
            for (DeviceMapping.Channel c : mapping.channels()) {
                addresses.add(driver.parseAddress(c.address()));
            }
            Map<PointId, Double> values = new HashMap<>();
            List<Reading> readings = connection.read(addresses);
            for (int i = 0; i < readings.size(); i++) {
                DeviceMapping.Channel ch = mapping.channels().get(i);
                if (!readings.get(i).quality().isGood()) {
                    throw new AssertionError(
                            mapping.source() + " " + ch + ": " + readings.get(i).quality());
                }
                values.put(ch.point(), readings.get(i).value() * scales.get(ch.address()));
            }
            return values;
        }

        /** Writes {@code value} (in the point's unit) to the point's register. */
        Quality write(String point, double value) throws Exception {
            DeviceMapping.Channel ch = mapping.channels().stream()
                    .filter(c -> c.point().equals(PointId.of(point)))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(point + " is not in " + mapping.source()));
            @SuppressWarnings("unchecked")
            Writable<ModbusAddress> w = (Writable<ModbusAddress>) connection;
            return w.write(driver.parseAddress(ch.address()), value / scales.get(ch.address()));
        }

        @Override
        public void close() throws Exception {
            connection.close();
        }
    }

    static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    @Override
    public void close() {
        devices.close();
    }
}
