package io.gridhub.anomaly.runner.internal;

import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The newest samples of each point, as they came off the bus, thinned: a sample is kept when its value or quality
 * differs from the last kept one, or when it is at least {@code spacing} (source time) after it, so a point polled
 * every second that holds its value costs one sample per spacing, while every change (a spike and its return) is
 * kept. At most {@code maxPerPoint} per point (the oldest go first), none older than the window. Thread-safe.
 */
final class LiveWindow {
    private final int maxPerPoint;
    private final Duration spacing;
    private final Map<PointId, Deque<Sample>> byPoint = new HashMap<>();

    LiveWindow(int maxPerPoint, Duration spacing) {
        if (maxPerPoint < 2) {
            throw new IllegalArgumentException("maxPerPoint must be at least 2, got " + maxPerPoint);
        }
        this.maxPerPoint = maxPerPoint;
        this.spacing = spacing;
    }

    synchronized void add(List<Sample> samples) {
        for (Sample s : samples) {
            Deque<Sample> q = byPoint.computeIfAbsent(s.point(), p -> new ArrayDeque<>());
            Sample last = q.peekLast();
            boolean same = last != null
                    && Double.compare(last.value(), s.value()) == 0
                    && last.quality().equals(s.quality())
                    && Duration.between(last.sourceTime(), s.sourceTime()).compareTo(spacing) < 0
                    && !s.sourceTime().isBefore(last.sourceTime());
            if (same) {
                continue;
            }
            q.addLast(s);
            if (q.size() > maxPerPoint) {
                q.removeFirst();
            }
        }
    }

    /** Forgets samples with a source time before {@code from}. */
    synchronized void trim(Instant from) {
        byPoint.values().forEach(q -> q.removeIf(s -> s.sourceTime().isBefore(from)));
        byPoint.values().removeIf(Deque::isEmpty);
    }

    /**
     * A point's samples with a source time from {@code from} on, in arrival order: also those stamped after the
     * window's end (a source clock ahead of the hub's), which are the evidence of its drift.
     */
    synchronized List<Sample> samples(PointId point, Instant from) {
        Deque<Sample> q = byPoint.get(point);
        if (q == null) {
            return List.of();
        }
        return q.stream().filter(s -> !s.sourceTime().isBefore(from)).toList();
    }

    synchronized int size() {
        return byPoint.values().stream().mapToInt(Deque::size).sum();
    }
}
