package io.gridhub.api.driver;

import java.time.Clock;

/** The context of {@link DeviceContext#of}: a device outside the hub, on the {@link SharedScheduler}. */
record DetachedContext(String deviceName, Clock clock) implements DeviceContext {
    @Override
    public DeviceScheduler scheduler() {
        return SharedScheduler.INSTANCE;
    }

    @Override
    public void linkLost(Throwable cause) {
        // Nobody to reconnect: the connection's next call reports the loss.
    }
}
