package io.gridhub.driver.modbus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.Reading;
import io.gridhub.api.driver.Writable;
import io.gridhub.api.model.Quality;
import io.gridhub.driver.modbus.ModbusAddress;
import io.gridhub.driver.modbus.ModbusDriver;
import io.gridhub.driver.modbus.ModbusSettings;
import io.gridhub.driver.testkit.PeerProcess;
import io.gridhub.testkit.Ports;
import io.gridhub.testkit.Settings;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A second independent server: Debian's python3-pymodbus. Read, write, exception, kill and reconnect. */
@Timeout(60)
class ModbusPymodbusPeerTest {
    private final ModbusDriver driver = new ModbusDriver();

    @Test
    void readsWritesRefusesAndReconnectsAfterARestart() throws Exception {
        int port = Ports.free();
        try (PeerProcess peer = ModbusPeers.pymodbus(port)) {
            peer.start();
            ModbusSettings s =
                    Settings.of(ModbusSettings.class, "host", "127.0.0.1", "port", port, "timeoutMillis", 1000);
            Connection<ModbusAddress> c = driver.connect(s, DeviceContext.of("py", Clock.systemUTC()));
            List<ModbusAddress> ch = List.of(
                    driver.parseAddress("hr:150"), driver.parseAddress("ir:3"), driver.parseAddress("hr:20000"));
            List<Reading> r = c.read(ch);
            assertThat(r.get(0).value()).isEqualTo(150);
            assertThat(r.get(1).quality()).isEqualTo(Quality.GOOD);
            assertThat(r.get(2).quality().detail()).contains("Modbus exception 2");
            assertThat(((Writable<ModbusAddress>) c).write(driver.parseAddress("hr:160:float32"), 2.5))
                    .isEqualTo(Quality.GOOD);
            assertThat(c.read(List.of(driver.parseAddress("hr:160:float32")))
                            .get(0)
                            .value())
                    .isEqualTo(2.5);

            peer.stop();
            assertThatThrownBy(() -> {
                        for (int i = 0; i < 50; i++) {
                            c.read(ch);
                            Thread.sleep(50);
                        }
                    })
                    .isInstanceOf(ConnectionException.class);
            c.close();
            peer.start();
            Connection<ModbusAddress> again = driver.connect(s, DeviceContext.of("py", Clock.systemUTC()));
            assertThat(again.read(ch).get(0).value()).isEqualTo(150);
            again.close();
        }
    }
}
