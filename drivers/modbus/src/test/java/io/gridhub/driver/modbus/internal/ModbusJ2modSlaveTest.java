package io.gridhub.driver.modbus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.Reading;
import io.gridhub.api.driver.Writable;
import io.gridhub.api.model.Quality;
import io.gridhub.driver.modbus.ModbusAddress;
import io.gridhub.driver.modbus.ModbusDriver;
import io.gridhub.driver.modbus.ModbusSettings;
import io.gridhub.testkit.Ports;
import io.gridhub.testkit.Settings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reads, writes and exception responses against j2mod's own slave, in-process on loopback. */
class ModbusJ2modSlaveTest {
    private final ModbusDriver driver = new ModbusDriver();
    private J2modSlave slave;
    private Connection<ModbusAddress> conn;

    @BeforeEach
    void start() throws Exception {
        slave = new J2modSlave(Ports.free(), 200).start();
    }

    @AfterEach
    void stop() {
        if (conn != null) {
            conn.close();
        }
        slave.stop();
    }

    private Connection<ModbusAddress> connect(Object... settings) throws Exception {
        Map<String, Object> m = Settings.map("host", "127.0.0.1", "port", slave.port, "timeoutMillis", 1000);
        m.putAll(Settings.map(settings));
        conn = driver.connect(Settings.of(ModbusSettings.class, m), DeviceContext.of("t", Clock.systemUTC()));
        return conn;
    }

    private List<Reading> read(String... addresses) throws Exception {
        List<ModbusAddress> list = new ArrayList<>();
        for (String a : addresses) {
            list.add(driver.parseAddress(a));
        }
        return conn.read(list);
    }

    private static List<Double> values(List<Reading> readings) {
        return readings.stream().map(Reading::value).toList();
    }

    @Test
    void readsEveryTableAndTypeInRequestOrder() throws Exception {
        connect();
        // float32 1.5 at hr:50..51 (0x3FC0 0000), int32 -2 at hr:60..61, cdab order at hr:70..71.
        slave.image.setRegister(50, new SimpleRegister(0x3FC0));
        slave.image.setRegister(51, new SimpleRegister(0));
        slave.image.setRegister(60, new SimpleRegister(0xFFFF));
        slave.image.setRegister(61, new SimpleRegister(0xFFFE));
        slave.image.setRegister(70, new SimpleRegister(0x0001));
        slave.image.setRegister(71, new SimpleRegister(0x0000));
        slave.image.setRegister(80, new SimpleRegister(0xFFFF));
        List<Reading> r = read(
                "ir:9",
                "hr:50:float32",
                "hr:60:int32",
                "hr:70:uint32:cdab",
                "hr:80:int16",
                "hr:80:uint16",
                "coil:3",
                "coil:4",
                "di:7",
                "ir:150");
        assertThat(r).allSatisfy(x -> assertThat(x.quality()).isEqualTo(Quality.GOOD));
        assertThat(values(r)).containsExactly(9.0, 1.5, -2.0, 1.0, -1.0, 65535.0, 1.0, 0.0, 1.0, 150.0);
    }

    @Test
    void exceptionResponsesAreQualitiesAndTheConnectionSurvives() throws Exception {
        connect();
        // hr:199 exists, hr:200.. do not: a merged request over both answers exception 2, so the driver splits it.
        List<Reading> r = read("hr:198", "hr:199", "hr:201", "ir:5000", "coil:9999");
        assertThat(r.get(0).quality()).isEqualTo(Quality.GOOD);
        assertThat(r.get(1).value()).isEqualTo(199);
        for (Reading bad : r.subList(2, 5)) {
            assertThat(bad.quality().status()).isEqualTo(Quality.Status.INVALID);
            assertThat(bad.quality().reason()).isEqualTo(Quality.Reason.CONFIGURATION_ERROR);
            assertThat(bad.quality().detail()).contains("Modbus exception 2 (illegal data address)");
            assertThat(bad.value()).isNaN();
        }
        // The split plan is kept: the next poll reads the good ones good again.
        List<Reading> again = read("hr:198", "hr:199", "hr:201", "ir:5000", "coil:9999");
        assertThat(values(again.subList(0, 2))).containsExactly(198.0, 199.0);
    }

    @Test
    void writesSetpointsWithSingleAndMultipleWriteFunctions() throws Exception {
        for (boolean multipleOnly : new boolean[] {false, true}) {
            connect("multipleWritesOnly", multipleOnly);
            Writable<ModbusAddress> w = (Writable<ModbusAddress>) conn;
            assertThat(w.write(driver.parseAddress("hr:101"), 4242)).isEqualTo(Quality.GOOD);
            assertThat(w.write(driver.parseAddress("hr:110:float32"), -12.25)).isEqualTo(Quality.GOOD);
            assertThat(w.write(driver.parseAddress("hr:120:int32:cdab"), -70000))
                    .isEqualTo(Quality.GOOD);
            assertThat(w.write(driver.parseAddress("coil:4"), 1)).isEqualTo(Quality.GOOD);
            assertThat(values(read("hr:101", "hr:110:float32", "hr:120:int32:cdab", "coil:4")))
                    .containsExactly(4242.0, -12.25, -70000.0, 1.0);
            assertThat(w.write(driver.parseAddress("coil:4"), 0)).isEqualTo(Quality.GOOD);
            assertThat(read("coil:4").get(0).value()).isZero();
            conn.close();
        }
    }

    @Test
    void refusedWritesAreQualities() throws Exception {
        connect();
        Writable<ModbusAddress> w = (Writable<ModbusAddress>) conn;
        assertThat(w.write(driver.parseAddress("hr:500"), 1).detail()).contains("Modbus exception 2");
        assertThat(w.write(driver.parseAddress("ir:1"), 1).reason()).isEqualTo(Quality.Reason.CONFIGURATION_ERROR);
        assertThat(w.write(driver.parseAddress("hr:1"), 70000).reason()).isEqualTo(Quality.Reason.OUT_OF_RANGE);
        assertThat(w.write(driver.parseAddress("coil:1"), 2).reason()).isEqualTo(Quality.Reason.OUT_OF_RANGE);
        assertThat(read("hr:1").get(0).quality()).isEqualTo(Quality.GOOD);
    }

    @Test
    void largeListsAreReadInRequestsOfAtMost125Registers() throws Exception {
        connect();
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            all.add("hr:" + i);
        }
        List<Reading> r = read(all.toArray(String[]::new));
        assertThat(r).hasSize(200).allSatisfy(x -> assertThat(x.quality()).isEqualTo(Quality.GOOD));
        assertThat(r.get(199).value()).isEqualTo(199);
    }
}
