package io.gridhub.core.internal.driver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridhub.core.internal.StateFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One device's resume points ({@code Subscribable.Listener#onResumePoint}): where its pushed data stood when the host
 * last handed it on, by the driver's key. Kept for the host's life across the device's connections and
 * configurations, and in {@code <dir>/<device>.json} across a restart of the hub: written with {@link StateFiles}
 * (atomically, synced) at most once per {@link #MIN_INTERVAL} while points move, and once more when the device stops.
 * After a crash the file may lag by that interval: the device then sends again what came in it (nothing is lost).
 * Without a directory the points are kept in memory only. Guarded by this.
 */
final class ResumePoints {
    /** Writes of the file at most this often while the device's points move. */
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    private final String device;
    private final Path file;
    private final Map<String, String> points = new LinkedHashMap<>();
    private boolean dirty;
    private long lastWriteNanos;
    /** Where a flush waits for the interval to pass; null when none does. */
    private ScheduledExecutorService flushOn;

    private ResumePoints(String device, Path file) {
        this.device = device;
        this.file = file;
    }

    /** The device's points as its file has them ({@code dir} null: none, kept in memory only). */
    static ResumePoints load(Path dir, String device) {
        ResumePoints r = new ResumePoints(device, dir == null ? null : dir.resolve(device + ".json"));
        if (r.file != null) {
            StateFiles.read(r.file, "device " + device + "'s resume points", "the device resumes afresh", r::read);
        }
        return r;
    }

    private synchronized void read(JsonNode root) {
        JsonNode p = root.path("resumePoints");
        if (!p.isObject()) {
            throw new IllegalArgumentException("no object 'resumePoints'");
        }
        Map<String, String> read = new LinkedHashMap<>();
        p.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException("resume point '" + e.getKey() + "' is not text");
            }
            read.put(e.getKey(), e.getValue().asText());
        });
        points.putAll(read);
    }

    synchronized Optional<String> get(String key) {
        return Optional.ofNullable(points.get(key));
    }

    /**
     * Keeps points whose readings were handed on; the file is written now when the last write is
     * {@link #MIN_INTERVAL} ago, else once that has passed, as a task on {@code later} (the device thread).
     */
    synchronized void keep(Map<String, String> kept, ScheduledExecutorService later) {
        kept.forEach((k, v) -> {
            if (!v.equals(points.put(k, v))) {
                dirty = true;
            }
        });
        if (!dirty || file == null) {
            return;
        }
        long sinceWrite = System.nanoTime() - lastWriteNanos;
        if (lastWriteNanos == 0 || sinceWrite >= MIN_INTERVAL.toNanos()) {
            write();
        } else if ((flushOn == null || flushOn.isShutdown()) && later != null) {
            // A flush on a device thread that was stopped or abandoned since never runs: schedule it anew.
            try {
                later.schedule(this::flush, MIN_INTERVAL.toNanos() - sinceWrite, TimeUnit.NANOSECONDS);
                flushOn = later;
            } catch (RejectedExecutionException e) {
                // The device thread stopped: stopping the device flushes.
            }
        }
    }

    /** Writes the file if a point moved since the last write (the device stops, or the interval passed). */
    synchronized void flush() {
        flushOn = null;
        if (dirty && file != null) {
            write();
        }
    }

    private void write() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("device", device);
        ObjectNode p = root.putObject("resumePoints");
        points.forEach(p::put);
        // A failed write (the device thread interrupted while it stops) stays dirty: stopping writes it again.
        if (StateFiles.write(file, "device " + device + "'s resume points", root)) {
            dirty = false;
        }
        lastWriteNanos = System.nanoTime();
    }
}
