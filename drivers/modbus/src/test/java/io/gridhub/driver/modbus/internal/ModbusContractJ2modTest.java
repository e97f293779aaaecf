package io.gridhub.driver.modbus.internal;

import io.gridhub.driver.modbus.ModbusAddress;
import io.gridhub.driver.modbus.ModbusDriver;
import io.gridhub.driver.modbus.ModbusSettings;
import io.gridhub.driver.testkit.DriverContractTest;
import io.gridhub.testkit.Ports;
import io.gridhub.testkit.Settings;
import java.util.List;

/** The driver contract against j2mod's slave. */
class ModbusContractJ2modTest extends DriverContractTest<ModbusSettings, ModbusAddress> {
    private final int port = Ports.free();
    private final J2modSlave slave = new J2modSlave(port, 100);

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
        return List.of("hr:0", "hr:3:float32", "ir:10:int32:cdab", "coil:1", "di:2");
    }

    @Override
    protected String refusedAddress() {
        return "hr:5000";
    }

    @Override
    protected String malformedAddress() {
        return "hr:notanumber";
    }

    @Override
    protected void startPeer() throws Exception {
        slave.start();
    }

    @Override
    protected void stopPeer() {
        slave.stop();
    }
}
