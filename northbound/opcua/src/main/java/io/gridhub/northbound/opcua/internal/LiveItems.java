package io.gridhub.northbound.opcua.internal;

import io.gridhub.api.model.PointId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;

/**
 * The monitored items on the Value of the hub's point variables, fed as the sample bus delivers instead of sampled
 * on a schedule: the hub's values are exception-based in the sense of OPC UA Part 4 (5.12.1.2, "Sampling
 * interval": a sampling interval of 0 means the data item is exception-based, its changes are reported as they
 * happen). An item with revised sampling interval 0 (a client asking for 0, the fastest) gets every value at once.
 * An item whose client asked for a slower interval gets at most one value per interval: a value that comes when
 * the last one it got is at least an interval old goes to it at once; values that come sooner wait, and the latest
 * of them goes to it when the interval since the last has passed. So a client never sees a value later than a
 * sampling server would show it, and never more often than it asked for. Thread-safe.
 */
final class LiveItems {
    private final Map<PointId, List<Feed>> byPoint = new ConcurrentHashMap<>();
    private final Map<DataItem, Feed> feeds = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final LongSupplier nanoTime;

    /** @param scheduler runs the delayed hand-over of a value held back by an item's sampling interval */
    LiveItems(ScheduledExecutorService scheduler, LongSupplier nanoTime) {
        this.scheduler = scheduler;
        this.nanoTime = nanoTime;
    }

    /** Feeds {@code item} from now on with the point's values, first with {@code current}, the point's value now. */
    void add(PointId point, DataItem item, DataValue current) {
        Feed feed = new Feed(point, item);
        feeds.put(item, feed);
        byPoint.compute(point, (p, list) -> {
            List<Feed> l = list == null ? new CopyOnWriteArrayList<>() : list;
            l.add(feed);
            return l;
        });
        feed.offer(current);
    }

    /** Whether {@code item} is fed here (else it belongs to the sampled subscription model). */
    boolean feeds(Object item) {
        return feeds.containsKey(item);
    }

    void remove(DataItem item) {
        Feed feed = feeds.remove(item);
        if (feed == null) {
            return;
        }
        feed.cancel();
        byPoint.computeIfPresent(feed.point, (p, list) -> {
            list.remove(feed);
            return list.isEmpty() ? null : list;
        });
    }

    /**
     * The item's monitoring mode changed: when it samples again it gets the point's value now (Milo forgets its last
     * value while disabled), as the next sample would have given it; while disabled nothing waits for it.
     */
    void monitoringModeChanged(DataItem item, DataValue current) {
        Feed feed = feeds.get(item);
        if (feed != null) {
            feed.offer(current);
        }
    }

    /** A value of {@code point} from the bus, to every item on it. */
    void offer(PointId point, DataValue value) {
        List<Feed> list = byPoint.get(point);
        if (list != null) {
            for (Feed f : list) {
                f.offer(value);
            }
        }
    }

    int size() {
        return feeds.size();
    }

    void clear() {
        feeds.values().forEach(Feed::cancel);
        feeds.clear();
        byPoint.clear();
    }

    /** One item's feed: hands values to it, no more often than its sampling interval. */
    private final class Feed {
        private final PointId point;
        private final DataItem item;
        private boolean fed;
        private boolean cancelled;
        private long lastNanos;
        private DataValue held;
        private ScheduledFuture<?> handOver;

        Feed(PointId point, DataItem item) {
            this.point = point;
            this.item = item;
        }

        synchronized void offer(DataValue value) {
            if (cancelled || !item.isSamplingEnabled()) {
                held = null;
                return;
            }
            long now = nanoTime.getAsLong();
            long wait = fed ? lastNanos + intervalNanos() - now : 0;
            if (wait <= 0) {
                held = null;
                if (handOver != null) {
                    handOver.cancel(false);
                    handOver = null;
                }
                pass(value, now);
                return;
            }
            held = value;
            if (handOver == null) {
                handOver = scheduler.schedule(this::handOver, wait, TimeUnit.NANOSECONDS);
            }
        }

        private synchronized void handOver() {
            handOver = null;
            DataValue value = held;
            held = null;
            if (value != null && !cancelled && item.isSamplingEnabled()) {
                pass(value, nanoTime.getAsLong());
            }
        }

        private void pass(DataValue value, long now) {
            TimestampsToReturn timestamps = item.getTimestampsToReturn();
            item.setValue(timestamps == null ? value : DataValue.derivedValue(value, timestamps));
            fed = true;
            lastNanos = now;
        }

        private long intervalNanos() {
            double millis = item.getSamplingInterval();
            return millis > 0 ? (long) (millis * 1_000_000) : 0;
        }

        synchronized void cancel() {
            cancelled = true;
            held = null;
            if (handOver != null) {
                handOver.cancel(false);
                handOver = null;
            }
        }
    }
}
