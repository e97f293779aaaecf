package io.gridhub.api.driver;

import java.time.Instant;
import java.util.Objects;

/**
 * One device as the driver host sees it.
 *
 * @param name          the configured device name
 * @param driver        the driver id, e.g. {@code modbus}
 * @param state         online, offline or configuration error
 * @param reason        why it is offline or in error ({@code ""} when online)
 * @param since         when it entered this state
 * @param points        points mapped on the device
 * @param reads         read calls completed since start
 * @param readsPerSecond read calls per second over the last minute or so
 * @param errors        channel readings that were not good, plus failed calls
 * @param reconnects    connections opened after a loss
 * @param lastReadMillis duration of the last read call
 */
public record DeviceStatus(
        String name,
        String driver,
        DeviceState state,
        String reason,
        Instant since,
        int points,
        long reads,
        double readsPerSecond,
        long errors,
        long reconnects,
        double lastReadMillis) {
    public DeviceStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        reason = reason == null ? "" : reason;
    }
}
