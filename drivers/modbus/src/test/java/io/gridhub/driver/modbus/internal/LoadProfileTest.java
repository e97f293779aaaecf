package io.gridhub.driver.modbus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.driver.modbus.DataType;
import io.gridhub.driver.modbus.ModbusAddress;
import io.gridhub.driver.modbus.ModbusDriver;
import io.gridhub.driver.modbus.ModbusSettings;
import io.gridhub.driver.modbus.WordOrder;
import io.gridhub.testkit.Ports;
import io.gridhub.testkit.Settings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code loadProfile} block of a device's settings: parsed from .cfg keys, and every mistake named. */
class LoadProfileTest {
    private static ModbusSettings settings(Object... overrides) {
        List<Object> kv = LoadProfileRing.settings(20, 60, "cdab", 3);
        kv.addAll(0, List.of("host", "127.0.0.1"));
        kv.addAll(List.of(overrides));
        return Settings.of(ModbusSettings.class, kv.toArray());
    }

    private static String problem(Object... overrides) {
        try {
            LoadProfile.of(settings(overrides));
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + List.of(overrides));
    }

    @Test
    void readsTheBlockFromTheKeysAConfigurationFileHas() throws Exception {
        LoadProfile p = LoadProfile.of(settings());
        assertThat(p.start()).isEqualTo(ModbusAddress.parse("hr:1000"));
        assertThat(p.records()).isEqualTo(20);
        assertThat(p.recordSize()).isEqualTo(6);
        assertThat(p.pointer()).isEqualTo(ModbusAddress.parse("hr:999"));
        assertThat(p.counter()).isFalse();
        assertThat(p.timeOrder()).isEqualTo(WordOrder.CDAB);
        assertThat(p.interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.maxRecordsPerPoll()).isEqualTo(3);
        assertThat(p.fields())
                .extracting(
                        LoadProfile.Field::channel,
                        LoadProfile.Field::offset,
                        LoadProfile.Field::type,
                        LoadProfile.Field::scale)
                .containsExactly(
                        tuple(ModbusAddress.parse("hr:4:uint32"), 2, DataType.UINT32, 1.0),
                        tuple(ModbusAddress.parse("hr:10:int16"), 4, DataType.INT16, 10.0));
        assertThat(LoadProfile.of(settings("loadProfile.newestIndex", "", "loadProfile.recordCounter", "hr:996:uint32"))
                        .counter())
                .isTrue();
    }

    @Test
    void isOffWithoutAStart() {
        assertThat(LoadProfile.of(Settings.of(ModbusSettings.class, "host", "127.0.0.1")))
                .isNull();
        assertThat(problem("loadProfile.start", ""))
                .startsWith("setting 'loadProfile.fields': is set but 'loadProfile.start' is empty");
    }

    @Test
    void namesTheFieldThatIsWrong() {
        assertThat(problem("loadProfile.fields", "hr:4:uint32=2:uint32, hr:10:int16=3:int16"))
                .isEqualTo("setting 'loadProfile.fields': entry 2 'hr:10:int16=3:int16' (registers 3..3 of the record)"
                        + " overlaps entry 1 'hr:4:uint32=2:uint32'");
        assertThat(problem("loadProfile.fields", "hr:4:uint32=1:uint32"))
                .isEqualTo("setting 'loadProfile.fields': entry 1 'hr:4:uint32=1:uint32' (registers 1..2 of the record)"
                        + " overlaps the time stamp (registers 0..1)");
        assertThat(problem("loadProfile.fields", "hr:4:uint32=2:uint33"))
                .isEqualTo("setting 'loadProfile.fields': entry 1 'hr:4:uint32=2:uint33': unknown type 'uint33'; one "
                        + "of int16, uint16, int32, uint32, float32, float64");
        assertThat(problem("loadProfile.fields", "hr:4:uint32=4:float64"))
                .contains("entry 1 'hr:4:uint32=4:float64' (registers 4..7 of the record) lies beyond the record of 6");
        assertThat(problem("loadProfile.fields", "hr:4:uint32=2:uint32, hr:4:uint32=4:int16"))
                .contains("back-fills channel hr:4:uint32, as entry 1 does");
        assertThat(problem("loadProfile.fields", "hr:4:uint32 2:uint32"))
                .contains("expected CHANNEL=OFFSET:TYPE[:ORDER][*SCALE]");
        assertThat(problem("loadProfile.fields", "xx:4=2:uint32")).contains("entry 1 'xx:4=2:uint32': channel address");
        assertThat(problem("loadProfile.fields", "hr:4=2:uint16*zero")).contains("scale 'zero' is not a number");
        assertThat(problem("loadProfile.fields", "hr:4=2:uint16:xyzw")).contains("unknown order 'xyzw'");
        assertThat(problem("loadProfile.fields", "")).startsWith("setting 'loadProfile.fields': empty");
    }

    @Test
    void refusesARingBeyondTheRegistersAndOtherImpossibleShapes() {
        assertThat(problem("loadProfile.start", "hr:65000", "loadProfile.records", "200"))
                .isEqualTo("setting 'loadProfile.records': 200 records of 6 registers from hr:65000 end at register "
                        + "66199, beyond 65535");
        assertThat(problem("loadProfile.start", "coil:3")).startsWith("setting 'loadProfile.start': 'coil:3'");
        assertThat(problem("loadProfile.start", "hr:70000")).startsWith("setting 'loadProfile.start': address");
        assertThat(problem("loadProfile.records", "0")).startsWith("setting 'loadProfile.records': 0");
        assertThat(problem("loadProfile.recordSize", "126")).startsWith("setting 'loadProfile.recordSize': 126");
        assertThat(problem("loadProfile.timeOffset", "5")).startsWith("setting 'loadProfile.timeOffset': 5");
        assertThat(problem("loadProfile.timeOrder", "big")).contains("unknown order 'big'");
        assertThat(problem("loadProfile.intervalSeconds", "0")).startsWith("setting 'loadProfile.intervalSeconds'");
        assertThat(problem("loadProfile.maxRecordsPerPoll", "0")).startsWith("setting 'loadProfile.maxRecordsPerPoll'");
        assertThat(problem("loadProfile.recordCounter", "hr:996:uint32")).contains("set exactly one of");
        assertThat(problem("loadProfile.newestIndex", "")).contains("set exactly one of");
        assertThat(problem("loadProfile.newestIndex", "hr:999:float32"))
                .startsWith("setting 'loadProfile.newestIndex': 'hr:999:float32': a register of type uint16 or uint32");
    }

    @Test
    void theDriverRefusesABadLoadProfileAsConfigurationBeforeItConnects() {
        ModbusSettings s = settings("port", String.valueOf(Ports.free()), "loadProfile.fields", "hr:4=2:uint33");
        assertThatThrownBy(() -> new ModbusDriver().connect(s, DeviceContext.of("meter", Clock.systemUTC())))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        e -> assertThat(e.isConfiguration()).isTrue())
                .hasMessageStartingWith("device meter: load profile: setting 'loadProfile.fields': entry 1");
    }
}
