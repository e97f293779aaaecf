package io.gridhub.driver.iec104.internal;

import io.gridhub.driver.iec104.Iec104Address;
import io.gridhub.driver.iec104.Iec104Driver;
import io.gridhub.driver.iec104.Iec104Settings;
import io.gridhub.driver.testkit.DriverContractTest;
import io.gridhub.testkit.Ports;
import io.gridhub.testkit.Settings;
import java.util.List;

/** The driver contract against an outstation on j60870's server side. */
class Iec104ContractTest extends DriverContractTest<Iec104Settings, Iec104Address> {
    private final int port = Ports.free();
    private final TestOutstation outstation = new TestOutstation(port);

    @Override
    protected Iec104Driver driver() {
        return new Iec104Driver();
    }

    @Override
    protected Iec104Settings settings() {
        return Settings.of(
                Iec104Settings.class, "host", "127.0.0.1", "port", port, "timeoutMillis", 2000, "t0Millis", 2000);
    }

    @Override
    protected Iec104Settings unreachableSettings() {
        return Settings.of(
                Iec104Settings.class,
                "host",
                "127.0.0.1",
                "port",
                Ports.free(),
                "timeoutMillis",
                2000,
                "t0Millis",
                2000);
    }

    @Override
    protected List<String> goodAddresses() {
        return List.of("ioa:1001", "ioa:1003", "ioa:1005", "ioa:1007", "ioa:1009", "ioa:1010", "ioa:2001");
    }

    @Override
    protected String refusedAddress() {
        return "ioa:4242";
    }

    @Override
    protected String malformedAddress() {
        return "ioa:x";
    }

    @Override
    protected void startPeer() throws Exception {
        outstation.start();
    }

    @Override
    protected void stopPeer() {
        outstation.stop();
    }
}
