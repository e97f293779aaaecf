package io.gridhub.api.driver;

import java.time.Clock;
import org.osgi.annotation.versioning.ProviderType;

/** What the hub tells a driver about the device it connects to. */
@ProviderType
public interface DeviceContext {
    /** The device's configured name, for the driver's own log lines. */
    String deviceName();

    /** The hub's clock; use it for time stamps so that tests can step time. */
    Clock clock();

    static DeviceContext of(String deviceName, Clock clock) {
        return new DeviceContext() {
            @Override
            public String deviceName() {
                return deviceName;
            }

            @Override
            public Clock clock() {
                return clock;
            }
        };
    }
}
