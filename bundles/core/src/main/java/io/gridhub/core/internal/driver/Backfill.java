package io.gridhub.core.internal.driver;

import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gaps a lost link leaves, per point, and what the device back-fills of them. From the loss to the reconnect a
 * channel has an open gap; a reading with a source time inside it (an IEC 104 outstation's buffered time-tagged
 * events, a buffered report's entries) fills it. What is still open once the back-fill had its time is counted as
 * a data-quality gap of the point. A channel read more seldom than the outage lasted has no gap. After a hub restart
 * ({@link #resume}) each point's outage begins just after its last stored sample. A reading dated inside the outage
 * with COMMUNICATION_FAILURE is the device's own gap mark (a load profile that no longer holds the outage's
 * beginning): it fills nothing, and the point is counted as having a gap even when later readings fill the rest.
 * Guarded by this; the runner calls it from the device thread and the watchdog.
 */
final class Backfill {
    /** A gap no reading filled: which channel, from when to when. */
    record Gap(DeviceMapping.Channel channel, Instant from, Instant to) {}

    private final Map<PointId, Long> gaps = new LinkedHashMap<>();
    /** Channels with an open gap, and where it begins. */
    private final Map<DeviceMapping.Channel, Instant> open = new LinkedHashMap<>();
    /** Every channel the outage left a gap in, filled or not, and where it begins. */
    private final Map<DeviceMapping.Channel, Instant> outage = new LinkedHashMap<>();
    /** Channels the device marked a gap of inside the outage, and where. */
    private final Map<DeviceMapping.Channel, Instant> marked = new LinkedHashMap<>();

    private Instant lostAt;
    /** After a hub restart, until the first connect: per point, where its outage begins. */
    private Map<PointId, Instant> resumed;

    private Instant to;
    private Gap last;

    /** The link went down (the first loss counts until a reconnect opens the back-fill window). */
    synchronized void lost(Instant now) {
        if (lostAt == null) {
            lostAt = now;
        }
    }

    /** Where the current outage of a lost link began; null when the link was not lost since the last reconnect. */
    synchronized Instant lostAt() {
        return lostAt;
    }

    /**
     * The hub started: the time of each point's last stored sample. Until the first connect every point with one is
     * in an outage that began just after it (1 ms, so that the gap's mark does not take the sample's place).
     */
    synchronized void resume(Map<PointId, Instant> lastStored) {
        Map<PointId, Instant> from = new LinkedHashMap<>();
        lastStored.forEach((p, t) -> from.put(p, t.plusMillis(1)));
        resumed = from.isEmpty() ? null : from;
    }

    /**
     * The device is connected again: every channel whose interval is shorter than the outage has an open gap.
     *
     * @param channels the device's channels with how often each would have been read, ms
     * @return whether there is anything to back-fill
     */
    synchronized boolean reconnected(Instant now, Map<DeviceMapping.Channel, Long> channels) {
        if (lostAt == null && resumed == null) {
            return false;
        }
        to = now;
        open.clear();
        marked.clear();
        channels.forEach((c, interval) -> {
            Instant from = resumed != null && resumed.containsKey(c.point()) ? resumed.get(c.point()) : lostAt;
            if (from != null && Duration.between(from, now).toMillis() > interval) {
                open.put(c, from);
            }
        });
        outage.clear();
        outage.putAll(open);
        lostAt = null;
        resumed = null;
        return !open.isEmpty();
    }

    /**
     * A reading the device delivered; one with a source time inside the outage fills the channel's gap, unless it is
     * the device's own gap mark (COMMUNICATION_FAILURE), which is remembered instead.
     */
    synchronized void seen(DeviceMapping.Channel channel, Instant sourceTime, Quality quality) {
        Instant from = outage.get(channel);
        if (from == null || sourceTime == null || sourceTime.isBefore(from) || !sourceTime.isBefore(to)) {
            return;
        }
        if (quality.reason() == Quality.Reason.COMMUNICATION_FAILURE && !quality.isGood()) {
            marked.putIfAbsent(channel, sourceTime);
        } else {
            open.remove(channel);
        }
    }

    /**
     * The back-fill had its time: what is still open is counted, once, and returned (for the host to mark); a gap the
     * device marked itself in a channel the back-fill filled otherwise is counted too, not returned.
     */
    synchronized List<Gap> settle() {
        List<Gap> out = open.entrySet().stream()
                .map(e -> new Gap(e.getKey(), e.getValue(), to))
                .toList();
        out.forEach(g -> count(g.channel().point(), 1));
        List<Gap> byDevice = marked.entrySet().stream()
                .filter(e -> !open.containsKey(e.getKey()))
                .map(e -> new Gap(e.getKey(), e.getValue(), to))
                .toList();
        byDevice.forEach(g -> count(g.channel().point(), 1));
        if (!out.isEmpty()) {
            last = out.get(0);
        } else if (!byDevice.isEmpty()) {
            last = byDevice.get(0);
        }
        open.clear();
        outage.clear();
        marked.clear();
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

    /** The last outage that left a gap (its first channel), null when none did. */
    synchronized Gap last() {
        return last;
    }
}
