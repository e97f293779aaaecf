package io.gridhub.store.derby.internal;

import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's journal: samples from the bus that the store could not take (while it opens, fails or holds its
 * writes), appended to segment files and forced to disk before {@link #append} returns, read back for the replay and
 * removed segment by segment once the store has them. Its size is bounded: what does not fit is handed back to the
 * caller, which counts it as lost. A write that fails (its own disk is full) throws and acknowledges nothing of the
 * batch: the segment is cut back to its acknowledged lines and a new one is started for the next append.
 *
 * <p>A segment ({@code <number>.journal}) is text, one sample a line, its fields separated by tabs:
 * {@code crc point sourceTime value status reason detail receivedTime}, where {@code crc} is the CRC-32 (8 hex
 * digits) of the rest of the line, times are ISO-8601 instants and the value is Java's {@code Double.toString}. A line
 * whose CRC does not match (torn by a crash during its write, before it was acknowledged) is skipped when read.
 */
public final class SampleJournal {
    static final String SUFFIX = ".journal";
    private static final Logger LOG = LoggerFactory.getLogger(SampleJournal.class);

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private FileChannel current;
    private long currentSize;
    private long totalBytes;
    private long nextSegment;

    /** Opens the journal in {@code dir} (created when missing), with the segments a previous run left. */
    SampleJournal(Path dir, long maxBytes, long segmentBytes) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        for (Path p : segments()) {
            totalBytes += Files.size(p);
            nextSegment = Math.max(nextSegment, number(p) + 1);
        }
    }

    Path directory() {
        return dir;
    }

    /**
     * A store's journal as its configuration gives it: {@code configured}, or when blank
     * {@code ${karaf.data}/gridhub/<folder>}, bounded at {@code megabytes} (segments of up to 16 MB); null when it
     * cannot be opened (logged once: what the store cannot take is lost then).
     */
    public static SampleJournal open(String configured, String folder, int megabytes) {
        Path dir = configured.isBlank()
                ? Path.of(System.getProperty("karaf.data", "data"), "gridhub", folder)
                : Path.of(configured);
        long max = Math.max(1, megabytes) * 1024L * 1024L;
        try {
            return new SampleJournal(dir.toAbsolutePath(), max, Math.min(max, 16L * 1024 * 1024));
        } catch (IOException e) {
            LOG.error("cannot open the journal in {}: samples the store cannot take will be lost", dir, e);
            return null;
        }
    }

    /**
     * Appends {@code samples} and forces them to disk; returns those that did not fit in the journal's bound (none
     * were written), empty when all are durable.
     */
    synchronized List<Sample> append(List<Sample> samples) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(samples.size() * 96);
        List<Sample> refused = new ArrayList<>();
        for (Sample s : samples) {
            byte[] line = line(s);
            if (totalBytes + out.size() + line.length > maxBytes) {
                refused.add(s);
            } else {
                out.write(line);
            }
        }
        if (out.size() == 0) {
            return refused;
        }
        if (current == null || currentSize >= segmentBytes) {
            startSegment();
        }
        ByteBuffer buffer = ByteBuffer.wrap(out.toByteArray());
        try {
            while (buffer.hasRemaining()) {
                current.write(buffer);
            }
            current.force(false);
        } catch (IOException e) {
            abandonWrite();
            throw e;
        }
        currentSize += out.size();
        totalBytes += out.size();
        return refused;
    }

    /**
     * A write or its force failed (the disk is full): nothing of it counts as written. Cuts the segment back to what
     * was acknowledged and ends it, so the next append starts a new segment: a torn line left at the end (when even
     * the cut fails) is skipped when read, and cannot swallow the next acknowledged line.
     */
    private void abandonWrite() {
        try {
            current.truncate(currentSize);
        } catch (IOException e) {
            // The torn tail stays; its CRC fails when read.
        }
        try {
            closeCurrent();
        } catch (IOException e) {
            current = null;
        }
    }

    private void startSegment() throws IOException {
        closeCurrent();
        Path p = dir.resolve(String.format("%012d%s", nextSegment++, SUFFIX));
        current = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        currentSize = 0;
        forceDirectory(); // the new file's name must survive a crash as much as its lines
    }

    private void forceDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some file systems cannot open or force a directory; the file's own force is all there is then.
        }
    }

    /**
     * Ends the segment being written, so that everything appended so far is in closed segments, and lists those,
     * oldest first: the replay reads them while new samples go to a new segment.
     */
    synchronized List<Path> seal() throws IOException {
        closeCurrent();
        return segments();
    }

    /** Removes a replayed segment. */
    synchronized void remove(Path segment) throws IOException {
        long size = Files.size(segment);
        Files.delete(segment);
        totalBytes -= size;
    }

    public synchronized boolean isEmpty() {
        return totalBytes == 0;
    }

    synchronized long bytes() {
        return totalBytes;
    }

    synchronized void close() throws IOException {
        closeCurrent();
    }

    private void closeCurrent() throws IOException {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                    .filter(p -> number(p) >= 0)
                    .sorted()
                    .toList();
        }
    }

    private static long number(Path segment) {
        String name = segment.getFileName().toString();
        try {
            return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The samples of a segment, in the order written; torn or damaged lines are skipped. */
    static List<Sample> read(Path segment) throws IOException {
        List<Sample> out = new ArrayList<>();
        for (String line : Files.readAllLines(segment, StandardCharsets.UTF_8)) {
            Sample s = parse(line);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    static byte[] line(Sample s) {
        Quality q = s.quality();
        String rest = s.point().value()
                + '\t'
                + s.sourceTime()
                + '\t'
                + s.value()
                + '\t'
                + q.status()
                + '\t'
                + q.reason()
                + '\t'
                + q.detail().replaceAll("[\\t\\r\\n]", " ")
                + '\t'
                + s.receivedTime();
        return (crc(rest) + '\t' + rest + '\n').getBytes(StandardCharsets.UTF_8);
    }

    /** One line's sample, or null when the line is torn or damaged. */
    static Sample parse(String line) {
        int tab = line.indexOf('\t');
        if (tab != 8 || !line.substring(0, tab).equals(crc(line.substring(tab + 1)))) {
            return null;
        }
        String[] f = line.substring(tab + 1).split("\t", -1);
        if (f.length != 7) {
            return null;
        }
        try {
            Quality q = new Quality(Quality.Status.valueOf(f[3]), Quality.Reason.valueOf(f[4]), f[5]);
            return new Sample(PointId.of(f[0]), Double.parseDouble(f[2]), q, Instant.parse(f[1]), Instant.parse(f[6]));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String crc(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }
}
