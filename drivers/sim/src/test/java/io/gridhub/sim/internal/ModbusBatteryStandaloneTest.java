package io.gridhub.sim.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import io.gridhub.testkit.Ports;
import io.gridhub.testkit.Waits;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The public entry an out-of-hub test uses, on the real clock: the watchdog fires on its own timer. */
@Timeout(30)
class ModbusBatteryStandaloneTest {
    @Test
    void goesSafeOnItsOwnWithinTheWatchdogTimeAndOneStep() throws Exception {
        try (ModbusBattery sim = ModbusBattery.start(Ports.free(), 1, 0)) {
            ModbusTCPMaster master = new ModbusTCPMaster("127.0.0.1", sim.port(), 1000, false);
            master.connect();
            try {
                assertThat(sim.controlState()).isEqualTo(ControlState.LOCAL);
                master.writeSingleRegister(1, 12, new SimpleRegister(1));
                long written = System.nanoTime();
                assertThat(sim.controlState()).isEqualTo(ControlState.REMOTE);
                Waits.until(Duration.ofSeconds(30), () -> sim.controlState() == ControlState.SAFE, "the safe state");
                double seconds = (System.nanoTime() - written) / 1e9;
                assertThat(seconds).isBetween(0.9, 3.0); // 1 s watchdog + a 200 ms step, with slack for a busy machine
                assertThat(master.readInputRegisters(1, 1, 1)[0].getValue()).isEqualTo(2);
                assertThat(sim.powerW()).isZero();
                assertThat(sim.soc()).isEqualTo(50);
            } finally {
                master.disconnect();
            }
        }
    }
}
