package ${package};

import io.gridhub.driver.testkit.DriverContractTest;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;

/** The ${driverId} driver keeps the driver contract against a line-protocol device on loopback. */
class ${driverClass}ContractTest extends DriverContractTest<${driverClass}.Settings, String> {
    private final int port = freePort();
    private final LineDevice device = new LineDevice(port, Map.of("power", 1500.0, "soc", 42.5, "temp", 21.0));

    private static int freePort() {
        try {
            return LineDevice.freePort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ${driverClass}.Settings settingsFor(int port) {
        return new ${driverClass}.Settings() {
            @Override
            public String host() {
                return "127.0.0.1";
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public int timeoutMillis() {
                return 1000;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return ${driverClass}.Settings.class;
            }
        };
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
        return settingsFor(freePort());
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
