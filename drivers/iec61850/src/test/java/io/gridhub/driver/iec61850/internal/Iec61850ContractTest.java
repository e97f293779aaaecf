package io.gridhub.driver.iec61850.internal;

import io.gridhub.driver.iec61850.Iec61850Address;
import io.gridhub.driver.iec61850.Iec61850Driver;
import io.gridhub.driver.iec61850.Iec61850Settings;
import io.gridhub.driver.testkit.DriverContractTest;
import io.gridhub.testkit.Ports;
import io.gridhub.testkit.Settings;
import java.util.List;

/** The driver contract against the example IED on openiec61850's server side. */
class Iec61850ContractTest extends DriverContractTest<Iec61850Settings, Iec61850Address> {
    private final int port = Ports.free();
    private final TestIed ied = new TestIed(port);

    @Override
    protected Iec61850Driver driver() {
        return new Iec61850Driver();
    }

    @Override
    protected Iec61850Settings settings() {
        return Settings.of(Iec61850Settings.class, "host", "127.0.0.1", "port", port, "timeoutMillis", 2000);
    }

    @Override
    protected Iec61850Settings unreachableSettings() {
        return Settings.of(Iec61850Settings.class, "host", "127.0.0.1", "port", Ports.free(), "timeoutMillis", 2000);
    }

    @Override
    protected List<String> goodAddresses() {
        return List.of(
                "pvbatLD0/MMXU1.TotW.mag.f[MX]",
                "pvbatLD0/MMXU1.Hz[MX]",
                "pvbatLD0/ZBAT1.SoC.mag.f[MX]",
                "pvbatLD0/MMTR1.TotWh.actVal[ST]",
                "pvbatLD0/GGIO1.SPCSO1.stVal[ST]",
                "pvbatLD0/DRCC1.OutWSet.setMag.f[SP]");
    }

    @Override
    protected String refusedAddress() {
        return "pvbatLD0/MMXU1.TotWh.mag.f[MX]";
    }

    @Override
    protected String malformedAddress() {
        return "pvbatLD0/MMXU1[MX]";
    }

    @Override
    protected void startPeer() throws Exception {
        ied.start();
    }

    @Override
    protected void stopPeer() {
        ied.stop();
    }
}
