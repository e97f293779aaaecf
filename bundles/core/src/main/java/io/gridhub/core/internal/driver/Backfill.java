package io.gridhub.core.internal.driver;

import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.api.model.PointId;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The gaps a lost link leaves, per point, and what the device back-fills of them. From the loss to the reconnect a
 * channel has an open gap; a reading with a source time inside it (an IEC 104 outstation's buffered time-tagged
 * events, a buffered report's entries) fills it. What is still open once the back-fill had its time is counted as
 * a data-quality gap of the point. A channel read more seldom than the outage lasted has no gap. Guarded by this;
 * the runner calls it from the device thread and the watchdog.
 */
final class Backfill {
    /** A gap no reading filled: which channel, from when to when. */
    record Gap(DeviceMapping.Channel channel, Instant from, Instant to) {}

    private final Map<PointId, Long> gaps = new LinkedHashMap<>();
    private final Set<DeviceMapping.Channel> open = new LinkedHashSet<>();
    private Instant lostAt;
    private Instant from;
    private Instant to;

    /** The link went down (the first loss counts until a reconnect opens the back-fill window). */
    synchronized void lost(Instant now) {
        if (lostAt == null) {
            lostAt = now;
        }
    }

    /**
     * The device is connected again: every channel whose interval is shorter than the outage has an open gap.
     *
     * @param channels the device's channels with how often each would have been read, ms
     * @return whether there is anything to back-fill
     */
    synchronized boolean reconnected(Instant now, Map<DeviceMapping.Channel, Long> channels) {
        if (lostAt == null) {
            return false;
        }
        Duration outage = Duration.between(lostAt, now);
        from = lostAt;
        to = now;
        lostAt = null;
        open.clear();
        channels.forEach((c, interval) -> {
            if (outage.toMillis() > interval) {
                open.add(c);
            }
        });
        return !open.isEmpty();
    }

    /** A reading the device delivered; one with a source time inside the outage fills the channel's gap. */
    synchronized void seen(DeviceMapping.Channel channel, Instant sourceTime) {
        if (!open.isEmpty() && sourceTime != null && !sourceTime.isBefore(from) && sourceTime.isBefore(to)) {
            open.remove(channel);
        }
    }

    /** The back-fill had its time: what is still open is counted, once, and returned. */
    synchronized List<Gap> settle() {
        List<Gap> out = open.stream().map(c -> new Gap(c, from, to)).toList();
        out.forEach(g -> count(g.channel().point(), 1));
        open.clear();
        return out;
    }

    /** Counts {@code n} gaps of a point (also pushed readings that were dropped). */
    synchronized void count(PointId point, long n) {
        gaps.merge(point, n, Long::sum);
    }

    /** Gaps per point since the device was configured. */
    synchronized Map<PointId, Long> gaps() {
        return Map.copyOf(gaps);
    }
}
