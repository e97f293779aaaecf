package ${package};

import io.gridhub.driver.testkit.DriverContractTest;
import io.gridhub.testkit.Ports;
import io.gridhub.testkit.Settings;
import java.util.List;
import java.util.Map;

/** The ${driverId} driver keeps the driver contract against a line-protocol device on loopback. */
class ${driverClass}ContractTest extends DriverContractTest<${driverClass}.Settings, String> {
    private final int port = Ports.free();
    private final LineDevice device = new LineDevice(port, Map.of("power", 1500.0, "soc", 42.5, "temp", 21.0));

    private static ${driverClass}.Settings settingsFor(int port) {
        return Settings.of(${driverClass}.Settings.class, "host", "127.0.0.1", "port", port, "timeoutMillis", 1000);
    }

    @Override
    protected ${driverClass} driver() {
        return new ${driverClass}();
    }

    @Override
    protected ${driverClass}.Settings settings() {
        return settingsFor(port);
    }

    @Override
    protected ${driverClass}.Settings unreachableSettings() {
        return settingsFor(Ports.free());
    }

    @Override
    protected List<String> goodAddresses() {
        return List.of("power", "soc", "temp");
    }

    @Override
    protected String refusedAddress() {
        return "no.such.value";
    }

    @Override
    protected String malformedAddress() {
        return "two words";
    }

    @Override
    protected void startPeer() throws Exception {
        device.start();
    }

    @Override
    protected void stopPeer() throws Exception {
        device.stop();
    }
}
