package io.gridhub.driver.testkit;

import io.gridhub.api.driver.AbstractDriver;
import io.gridhub.api.driver.AddressException;
import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.DeviceContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory driver for testing hosts (and for the test kit's own test): devices are {@link FakeDevice}s that a
 * test switches up and down, makes hang, or fills with values. Addresses are any text without spaces; addresses
 * starting with {@code bad} are refused by the device.
 */
public final class FakeDriver extends AbstractDriver<FakeDriver.Settings, String> {
    /** The fake's typed settings. */
    public @interface Settings {
        /** Which {@link FakeDevice} to connect to. */
        String device() default "fake";
    }

    private final Map<String, FakeDevice> devices = new ConcurrentHashMap<>();

    public FakeDriver() {
        super("fake", Settings.class, FakeDriver::parse);
    }

    /** The device of that name, created on first use. */
    public FakeDevice device(String name) {
        return devices.computeIfAbsent(name, FakeDevice::new);
    }

    private static String parse(String text) throws AddressException {
        if (text == null || text.isBlank() || text.chars().anyMatch(Character::isWhitespace)) {
            throw new AddressException(String.valueOf(text), "a fake address is text without spaces");
        }
        return text;
    }

    @Override
    public Connection<String> connect(Settings settings, DeviceContext context) throws ConnectionException {
        return device(settings.device()).open(context);
    }
}
