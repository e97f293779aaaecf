package io.gridhub.driver.testkit;

import io.gridhub.testkit.Settings;
import java.util.List;

/** The test kit checks itself: the fake driver keeps the contract. */
class FakeDriverContractTest extends DriverContractTest<FakeDriver.Settings, String> {
    private final FakeDriver driver = new FakeDriver();

    @Override
    protected FakeDriver driver() {
        return driver;
    }

    @Override
    protected FakeDriver.Settings settings() {
        return settingsFor("dev");
    }

    @Override
    protected FakeDriver.Settings unreachableSettings() {
        driver.device("nowhere").up(false);
        return settingsFor("nowhere");
    }

    private static FakeDriver.Settings settingsFor(String device) {
        return Settings.of(FakeDriver.Settings.class, "device", device);
    }

    @Override
    protected List<String> goodAddresses() {
        return List.of("a", "b", "c");
    }

    @Override
    protected String refusedAddress() {
        return "bad1";
    }

    @Override
    protected String malformedAddress() {
        return "has space";
    }

    @Override
    protected void startPeer() {
        driver.device("dev").up(true);
    }

    @Override
    protected void stopPeer() {
        driver.device("dev").up(false);
    }
}
