package io.gridhub.driver.modbus.internal;

import io.gridhub.driver.modbus.ModbusAddress;
import io.gridhub.driver.modbus.ModbusDriver;
import io.gridhub.driver.modbus.ModbusSettings;
import io.gridhub.driver.testkit.DriverContractTest;
import io.gridhub.driver.testkit.PeerProcess;
import io.gridhub.testkit.Ports;
import io.gridhub.testkit.Settings;
import java.util.List;

/** The driver contract against an independent server: modbus-serial (npm) in its own process, killed and restarted. */
class ModbusContractNodePeerTest extends DriverContractTest<ModbusSettings, ModbusAddress> {
    private final int port = Ports.free();
    private PeerProcess peer;

    @Override
    protected ModbusDriver driver() {
        return new ModbusDriver();
    }

    @Override
    protected ModbusSettings settings() {
        return Settings.of(ModbusSettings.class, "host", "127.0.0.1", "port", port, "timeoutMillis", 1000);
    }

    @Override
    protected ModbusSettings unreachableSettings() {
        return Settings.of(ModbusSettings.class, "host", "127.0.0.1", "port", Ports.free(), "timeoutMillis", 1000);
    }

    @Override
    protected List<String> goodAddresses() {
        return List.of("ir:0", "ir:9", "hr:100", "hr:102:float32", "coil:3", "di:7");
    }

    @Override
    protected String refusedAddress() {
        return "ir:65000";
    }

    @Override
    protected String malformedAddress() {
        return "register-one";
    }

    @Override
    protected void startPeer() throws Exception {
        if (peer == null) {
            peer = ModbusPeers.node(port);
        }
        peer.start();
    }

    @Override
    protected void stopPeer() throws Exception {
        if (peer != null) {
            peer.stop();
        }
    }
}
