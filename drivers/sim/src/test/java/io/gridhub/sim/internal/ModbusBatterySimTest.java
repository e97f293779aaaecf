package io.gridhub.sim.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import java.lang.annotation.Annotation;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ModbusBatterySimTest {
    private static ModbusBatterySim.Config config(int port) {
        return new ModbusBatterySim.Config() {
            public int port() {
                return port;
            }

            public String community() {
                return "demo";
            }

            public double ratedPowerW() {
                return 10_000;
            }

            public double capacityWh() {
                return 10_000;
            }

            public int periodMillis() {
                return 1000;
            }

            public Class<? extends Annotation> annotationType() {
                return ModbusBatterySim.Config.class;
            }
        };
    }

    private static float f(Register[] r, int i) {
        return ByteBuffer.allocate(4).putShort((short) r[i].getValue()).putShort((short) r[i + 1].getValue())
                .flip().getFloat();
    }

    @Test
    void followsNetImportWithinRatingAndServesItOverModbus() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T12:00:00Z"));
        Clock clock = new Clock() {
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            public Instant instant() {
                return now.get();
            }
        };
        double[] net = {30_000};
        ModbusBatterySim sim = new ModbusBatterySim(config(port), () -> net[0], clock, false);
        ModbusTCPMaster master = new ModbusTCPMaster("127.0.0.1", port, 1000, false);
        try {
            master.connect();
            now.set(now.get().plus(Duration.ofMinutes(6)));
            sim.step();
            Register[] r = master.readMultipleRegisters(1, 0, 5);
            // Half of 30 kW is 15 kW, limited to the 10 kW rating: 1 kWh in 6 minutes, 10 % of 10 kWh.
            assertThat(f(r, 0)).isEqualTo(10_000f);
            assertThat(f(r, 2)).isCloseTo(40f, org.assertj.core.data.Offset.offset(0.01f));
            assertThat(r[4].getValue()).isEqualTo(400);
            assertThat(master.readInputRegisters(1, 0, 1)[0].getValue()).isEqualTo(2);

            // Manual mode: the setpoint register wins (charging at 2 kW).
            int bits = Float.floatToIntBits(-2000f);
            master.writeMultipleRegisters(1, 10, new Register[] {new SimpleRegister((bits >>> 16) & 0xFFFF),
                new SimpleRegister(bits & 0xFFFF)});
            master.writeCoil(1, 0, true);
            now.set(now.get().plus(Duration.ofMinutes(30)));
            sim.step();
            r = master.readMultipleRegisters(1, 0, 4);
            assertThat(f(r, 0)).isEqualTo(-2000f);
            assertThat(f(r, 2)).isCloseTo(50f, org.assertj.core.data.Offset.offset(0.01f));
        } finally {
            master.disconnect();
            sim.deactivate();
        }
    }
}
