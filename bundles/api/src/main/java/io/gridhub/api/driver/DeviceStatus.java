package io.gridhub.api.driver;

import io.gridhub.api.model.PointId;
import java.time.Instant;
import java.util.Map;
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
 * @param gaps          data-quality gaps per point since the device was configured: outages nothing back-filled,
 *                      pushed readings dropped, outages the device marked as partly lost (a wrapped load profile,
 *                      since 0.8) (points without a gap are left out; since 0.7)
 * @param lastGapFrom   where the last outage nothing back-filled began (null when there was none; since 0.7)
 * @param lastGapTo     where it ended (null when there was none; since 0.7)
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
        double lastReadMillis,
        Map<PointId, Long> gaps,
        Instant lastGapFrom,
        Instant lastGapTo) {
    public DeviceStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        reason = reason == null ? "" : reason;
        gaps = gaps == null ? Map.of() : Map.copyOf(gaps);
    }

    /** A status without gaps (the record of 0.6). */
    public DeviceStatus(
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
        this(
                name,
                driver,
                state,
                reason,
                since,
                points,
                reads,
                readsPerSecond,
                errors,
                reconnects,
                lastReadMillis,
                Map.of(),
                null,
                null);
    }

    /** The gaps of all points together. */
    public long gapCount() {
        return gaps.values().stream().mapToLong(Long::longValue).sum();
    }
}
