package io.gridhub.camel.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.gridhub.api.ingest.Quarantine;
import io.gridhub.api.ingest.QuarantineEntry;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quarantine: the newest entries in memory (a bounded ring, so a flood cannot exhaust the heap) and a count of
 * all, kept across restarts in a JSON-lines file (one entry a line, with the running total). The file is bounded
 * too: once it holds twice the capacity it is rewritten, atomically, with the newest {@code capacity} entries. An
 * operator reads it at {@code GET /api/v1/quarantine}; the log gets one warning per source when it starts
 * quarantining, not one per value.
 */
final class QuarantineLog implements Quarantine {
    private static final Logger LOG = LoggerFactory.getLogger(QuarantineLog.class);
    /** Longest raw input or reason kept; a CSV line of megabytes must not make the file unbounded. */
    static final int MAX_TEXT = 2_000;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    /** One line of the file: the entry and the total count after it. */
    record Line(
            long n, Instant received, String source, String address, String raw, Instant sourceTime, String reason) {
        QuarantineEntry entry() {
            return new QuarantineEntry(received, source, address, raw, sourceTime, reason);
        }
    }

    private final int capacity;
    private final Path file;
    // Guarded by recent.
    private final ArrayDeque<QuarantineEntry> recent;
    private long total;
    private int linesInFile;
    private boolean fileFailing;
    private final Map<String, Boolean> warned = new ConcurrentHashMap<>();

    /** Memory only (tests). */
    QuarantineLog(int capacity) {
        this(capacity, null);
    }

    /**
     * @param file where entries are kept across restarts; null: memory only. Lines that do not parse (a write cut
     *             by a crash) are skipped with one warning that names the file and line.
     */
    QuarantineLog(int capacity, Path file) {
        this.capacity = Math.max(1, capacity);
        this.file = file;
        this.recent = new ArrayDeque<>(Math.min(this.capacity, 1024));
        if (file != null) {
            load();
        }
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        int lineNo = 0;
        int bad = 0;
        String firstBad = null;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String s = in.readLine(); s != null; s = in.readLine()) {
                lineNo++;
                if (s.isBlank()) {
                    continue;
                }
                try {
                    Line l = JSON.readValue(s, Line.class);
                    remember(l.entry());
                    total = Math.max(total + 1, l.n());
                    linesInFile++;
                } catch (JsonProcessingException | RuntimeException e) {
                    bad++;
                    if (firstBad == null) {
                        firstBad = "line " + lineNo + ": "
                                + e.getMessage().lines().findFirst().orElse("");
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("quarantine file {} cannot be read ({}); starting with what was read", file, e.getMessage());
        }
        if (bad > 0) {
            LOG.warn("quarantine file {}: {} unreadable lines skipped, first at {}", file, bad, firstBad);
            // Rewrite it with the good entries, so that appends do not continue a cut line.
            try {
                rewrite();
            } catch (IOException e) {
                LOG.warn("quarantine file {} cannot be rewritten: {}", file, e.getMessage());
            }
        }
        LOG.info("quarantine: {} entries read from {} ({} quarantined in all)", recent.size(), file, total);
    }

    private void remember(QuarantineEntry e) {
        if (recent.size() == capacity) {
            recent.removeLast();
        }
        recent.addFirst(e);
    }

    void addAll(Collection<QuarantineEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        synchronized (recent) {
            List<Line> lines = new ArrayList<>(entries.size());
            for (QuarantineEntry e : entries) {
                QuarantineEntry kept = new QuarantineEntry(
                        e.received(), e.source(), e.address(), cut(e.raw()), e.sourceTime(), cut(e.reason()));
                remember(kept);
                total++;
                lines.add(new Line(
                        total,
                        kept.received(),
                        kept.source(),
                        kept.address(),
                        kept.raw(),
                        kept.sourceTime(),
                        kept.reason()));
            }
            if (file != null) {
                append(lines);
            }
        }
        QuarantineEntry first = entries.iterator().next();
        if (warned.putIfAbsent(first.source(), Boolean.TRUE) == null) {
            LOG.warn(
                    "source {}: {} values quarantined, first: {} ({}); see GET /api/v1/quarantine",
                    first.source(),
                    entries.size(),
                    first.reason(),
                    first.raw());
        }
    }

    private static String cut(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "… (" + (s.length() - MAX_TEXT) + " more chars)";
    }

    /**
     * Appends, or rewrites the file with the newest entries once it holds twice the capacity; on disk when it returns
     * (before the reading's source gets its answer). Under the lock.
     */
    private void append(List<Line> lines) {
        try {
            if (linesInFile + lines.size() > 2L * capacity) {
                rewrite();
            } else {
                List<String> json = new ArrayList<>(lines.size());
                for (Line l : lines) {
                    json.add(JSON.writeValueAsString(l));
                }
                Durable.append(file, json);
                linesInFile += lines.size();
            }
            if (fileFailing) {
                fileFailing = false;
                LOG.info("quarantine file {} is written again", file);
            }
        } catch (IOException e) {
            if (!fileFailing) {
                fileFailing = true;
                LOG.warn(
                        "quarantine file {} cannot be written ({}); entries are kept in memory only until it can",
                        file,
                        e.getMessage());
            }
        }
    }

    /** The newest entries (the ring, which already holds the new ones) to a temporary file, moved over the old. */
    private void rewrite() throws IOException {
        List<QuarantineEntry> oldestFirst = new ArrayList<>(recent);
        Collections.reverse(oldestFirst);
        long n = total - oldestFirst.size();
        List<String> json = new ArrayList<>(oldestFirst.size());
        for (QuarantineEntry e : oldestFirst) {
            n++;
            json.add(JSON.writeValueAsString(
                    new Line(n, e.received(), e.source(), e.address(), e.raw(), e.sourceTime(), e.reason())));
        }
        Durable.replace(file, json);
        linesInFile = oldestFirst.size();
    }

    @Override
    public List<QuarantineEntry> recent(int limit) {
        synchronized (recent) {
            List<QuarantineEntry> out = new ArrayList<>(Math.min(limit, recent.size()));
            Iterator<QuarantineEntry> it = recent.iterator();
            while (it.hasNext() && out.size() < limit) {
                out.add(it.next());
            }
            return out;
        }
    }

    @Override
    public long total() {
        synchronized (recent) {
            return total;
        }
    }
}
