package io.gridhub.sim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.Writable;
import io.gridhub.api.model.Quality;
import io.gridhub.driver.modbus.ModbusAddress;
import io.gridhub.driver.modbus.ModbusDriver;
import io.gridhub.driver.modbus.ModbusSettings;
import io.gridhub.testkit.Ports;
import io.gridhub.testkit.Settings;
import io.gridhub.testkit.SteppingClock;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The battery over Modbus TCP (a real j2mod master on loopback), stepped with a clock the test moves. */
@Timeout(60)
class ModbusBatteryTest {
    private final SteppingClock clock = SteppingClock.at(Instant.ofEpochMilli(1_767_323_045_000L));
    private final double[] net = {30_000};
    private ModbusBattery sim;
    private ModbusTCPMaster master;

    @BeforeEach
    void start() throws Exception {
        // 10 kW, 10 kWh, watchdog 30 s
        sim = new ModbusBattery(new DeviceSettings(Ports.free(), 10_000, 10_000, 1000, 30), () -> net[0], clock, false);
        master = new ModbusTCPMaster("127.0.0.1", sim.port(), 1000, false);
        master.connect();
    }

    @AfterEach
    void stop() {
        master.disconnect();
        sim.close();
    }

    private static float f(Register[] r, int i) {
        return ByteBuffer.allocate(4)
                .putShort((short) r[i].getValue())
                .putShort((short) r[i + 1].getValue())
                .flip()
                .getFloat();
    }

    private void writeSetpoint(float w) throws Exception {
        int bits = Float.floatToIntBits(w);
        master.writeMultipleRegisters(
                1, 10, new Register[] {new SimpleRegister((bits >>> 16) & 0xFFFF), new SimpleRegister(bits & 0xFFFF)});
    }

    private void heartbeat(int counter) throws Exception {
        master.writeSingleRegister(1, 12, new SimpleRegister(counter));
    }

    private int controlState() throws Exception {
        return master.readInputRegisters(1, 1, 1)[0].getValue();
    }

    private float setpointReadBack() throws Exception {
        return f(master.readMultipleRegisters(1, 10, 2), 0);
    }

    private void after(Duration d) {
        clock.advance(d);
        sim.step();
    }

    @Test
    void followsHalfTheNetImportWhileLocal() throws Exception {
        assertThat(controlState()).isEqualTo(0);
        after(Duration.ofMinutes(6));
        Register[] r = master.readMultipleRegisters(1, 0, 5);
        // Half of 30 kW is 15 kW, limited to the 10 kW rating: 1 kWh in 6 minutes, 10 % of 10 kWh.
        assertThat(f(r, 0)).isEqualTo(10_000f);
        assertThat(f(r, 2)).isCloseTo(40f, within(0.01f));
        assertThat(r[4].getValue()).isEqualTo(400);
        assertThat(master.readInputRegisters(1, 0, 1)[0].getValue()).isEqualTo(2);
        assertThat(master.readMultipleRegisters(1, 13, 1)[0].getValue()).isEqualTo(30);
        assertThat(sim.controlState()).isEqualTo(ControlState.LOCAL);
    }

    @Test
    void followsTheSetpointAndHeartbeatsKeepItRemote() throws Exception {
        writeSetpoint(-2000f);
        assertThat(controlState()).isEqualTo(1);
        after(Duration.ofSeconds(20));
        assertThat(f(master.readMultipleRegisters(1, 0, 2), 0)).isEqualTo(-2000f);
        for (int i = 1; i <= 10; i++) { // 200 s more, a heartbeat every 20 s, no setpoint write
            heartbeat(i);
            after(Duration.ofSeconds(20));
            assertThat(controlState()).as("after heartbeat %d", i).isEqualTo(1);
        }
        assertThat(master.readMultipleRegisters(1, 12, 1)[0].getValue()).isEqualTo(10);
        assertThat(sim.powerW()).isEqualTo(-2000);
        // 220 s at 2 kW charging: +0.1222 kWh of 10 kWh, +1.22 %
        assertThat(sim.soc()).isCloseTo(50 + 2000 * 220 / 3600.0 / 10_000 * 100, within(0.01));
        assertThat(setpointReadBack()).isEqualTo(-2000f);
    }

    @Test
    void goesSafeWhenTheWatchdogExpiresAndResumesOnTheNextWrite() throws Exception {
        writeSetpoint(4000f);
        after(Duration.ofSeconds(29));
        assertThat(controlState()).isEqualTo(1);
        assertThat(sim.powerW()).isEqualTo(4000);

        after(Duration.ofSeconds(1)); // 30 s without a write
        assertThat(controlState()).isEqualTo(2);
        assertThat(sim.controlState()).isEqualTo(ControlState.SAFE);
        assertThat(sim.powerW()).isZero();
        assertThat(f(master.readMultipleRegisters(1, 0, 2), 0)).isZero();
        assertThat(setpointReadBack()).isZero();
        after(Duration.ofMinutes(10)); // stays there
        assertThat(controlState()).isEqualTo(2);
        assertThat(sim.powerW()).isZero();

        heartbeat(7); // a heartbeat alone: REMOTE, at the reset setpoint
        after(Duration.ofSeconds(1));
        assertThat(controlState()).isEqualTo(1);
        assertThat(sim.powerW()).isZero();
        writeSetpoint(3000f);
        after(Duration.ofSeconds(1));
        assertThat(sim.powerW()).isEqualTo(3000);
        assertThat(controlState()).isEqualTo(1);
    }

    @Test
    void refusesRemoteWritesWithAnExceptionWhileTheSwitchIsOn() throws Exception {
        writeSetpoint(1000f);
        heartbeat(1);
        after(Duration.ofSeconds(10));
        master.writeCoil(1, 1, true);

        assertThatThrownBy(() -> writeSetpoint(-5000f))
                .isInstanceOfSatisfying(
                        ModbusSlaveException.class, e -> assertThat(e.getType()).isEqualTo(2));
        assertThatThrownBy(() -> heartbeat(2))
                .isInstanceOfSatisfying(
                        ModbusSlaveException.class, e -> assertThat(e.getType()).isEqualTo(2));
        assertThat(setpointReadBack()).isEqualTo(1000f);
        assertThat(master.readMultipleRegisters(1, 12, 1)[0].getValue()).isEqualTo(1);
        // The refused writes did not feed the watchdog: 30 s after the last accepted one, SAFE.
        after(Duration.ofSeconds(19));
        assertThat(sim.powerW()).isEqualTo(1000);
        after(Duration.ofSeconds(1));
        assertThat(controlState()).isEqualTo(2);

        master.writeCoil(1, 1, false);
        writeSetpoint(-5000f);
        after(Duration.ofSeconds(1));
        assertThat(controlState()).isEqualTo(1);
        assertThat(sim.powerW()).isEqualTo(-5000);
    }

    @Test
    void theWatchdogTimeIsReadOnly() throws Exception {
        assertThatThrownBy(() -> master.writeSingleRegister(1, 13, new SimpleRegister(99)))
                .isInstanceOf(ModbusSlaveException.class);
        assertThat(master.readMultipleRegisters(1, 13, 1)[0].getValue()).isEqualTo(30);
        assertThat(controlState()).isEqualTo(0);
    }

    @Test
    void theHubsModbusDriverGetsABadQualityForARefusedWrite() throws Exception {
        // the same conversion the driver host applies to a device configuration
        ModbusSettings settings = Settings.of(
                ModbusSettings.class, "host", "127.0.0.1", "port", sim.port(), "unitId", 1, "timeoutMillis", 1000);
        ModbusDriver driver = new ModbusDriver();
        ModbusAddress setpoint = driver.parseAddress("hr:10:float32");
        ModbusAddress heartbeat = driver.parseAddress("hr:12:uint16");
        Connection<ModbusAddress> c = driver.connect(settings, DeviceContext.of("shared-bat", Clock.systemUTC()));
        @SuppressWarnings("unchecked")
        Writable<ModbusAddress> w = (Writable<ModbusAddress>) c;
        try {
            assertThat(w.write(setpoint, -1500)).isEqualTo(Quality.GOOD);
            assertThat(w.write(heartbeat, 1)).isEqualTo(Quality.GOOD);
            master.writeCoil(1, 1, true);
            Quality q = w.write(setpoint, 2500);
            assertThat(q.isGood()).isFalse();
            assertThat(q.detail()).contains("Modbus exception 2");
            assertThat(w.write(heartbeat, 2).isGood()).isFalse();
            // The connection stays usable: a refusal is one point's quality, not a lost connection.
            assertThat(c.read(List.of(setpoint)).get(0).value()).isEqualTo(-1500);
        } finally {
            c.close();
        }
    }
}
