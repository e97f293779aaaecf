package io.gridhub.camel.internal;

import io.gridhub.camel.internal.SourceMapping.FileSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file source: its folders and Camel endpoint ({@link #uri}), and its three steps: {@link #read} a picked-up
 * file into a raw cycle (or refuse it), {@link #done} after its samples are stored, {@link #rejected} when it goes
 * to the error folder. Reports are written to the error folder as {@code <file>.report.txt}: one line per refused
 * row with its line number and reason.
 */
final class FileIntake {
    private static final Logger LOG = LoggerFactory.getLogger(FileIntake.class);
    static final String BAD_ROWS = "gridhubBadRows";
    static final String ROWS = "gridhubRows";

    private final MappingFiles mappings;
    private final Folders folders;
    private final Clock clock;

    /**
     * Where the file source takes files from and puts them: the watched folder, the folder of files taken, the
     * folder of files refused (with their reports), and the name of the repository in Camel's registry that
     * remembers the files taken (null: files are only moved).
     */
    record Folders(Path inbox, Path done, Path error, String seen) {}

    FileIntake(MappingFiles mappings, Folders folders, Clock clock) {
        this.mappings = mappings;
        this.folders = folders;
        this.clock = clock;
    }

    /** The endpoint: any .csv or .json file in the inbox is read (one that no mapping takes is rejected). */
    String uri() {
        StringBuilder uri = new StringBuilder("file:")
                .append(folders.inbox().toAbsolutePath())
                .append("?include=RAW((?i).*\\.(csv|json))")
                .append("&readLock=changed&readLockCheckInterval=250&readLockTimeout=10000")
                .append("&move=")
                .append(folders.done().toAbsolutePath())
                .append("/${date:now:yyyyMMdd-HHmmss}-${file:name}")
                .append("&moveFailed=")
                .append(folders.error().toAbsolutePath())
                .append("/${file:name}")
                .append("&initialDelay=500&delay=1000");
        if (folders.seen() != null) {
            // Seeded inboxes (the demo's) are copied afresh at every start: take a file once by name and size.
            uri.append("&idempotent=true&idempotentKey=${file:name}-${file:size}&idempotentRepository=#")
                    .append(folders.seen());
        }
        return uri.toString();
    }

    void read(Exchange exchange) throws IOException, SourceParseException {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Path file = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class));
        Optional<SourceMapping> found = mappings.forFile(name);
        if (found.isEmpty()) {
            List<String> patterns = mappings.sources().values().stream()
                    .filter(m -> m.file() != null)
                    .map(m -> m.source() + ": " + m.file().pattern())
                    .toList();
            throw new SourceParseException(
                    "no mapping takes this file",
                    List.of("line 0: no mapping file has a 'file.pattern' that matches '" + name + "' " + patterns));
        }
        SourceMapping m = found.get();
        Instant received = clock.instant();
        Readings.Result r;
        if (m.file().format() == FileSpec.Format.JSON) {
            try (InputStream in = Files.newInputStream(file)) {
                r = Readings.json(in, m.source());
            }
        } else if (m.file().format() == FileSpec.Format.OPEN_METEO) {
            try (InputStream in = Files.newInputStream(file)) {
                r = Readings.openMeteo(in, name, m);
            }
        } else {
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                r = Readings.csv(in, m);
            }
        }
        if (!r.problems().isEmpty()) {
            if (m.file().onBadRows() == FileSpec.OnBadRows.REJECT_FILE) {
                throw new SourceParseException(
                        r.problems().size() + " of " + r.rows() + " rows refused, nothing ingested (mapping "
                                + m.source() + ", onBadRows: reject-file)",
                        r.problems());
            }
            exchange.setProperty(BAD_ROWS, r.problems());
        }
        exchange.setProperty(ROWS, r.rows());
        exchange.getMessage().setBody(new RawCycle(m.source(), r.readings(), received, r.raw()));
    }

    /** After the good rows are stored: a report of the bad ones, if any were left out (keep-good-rows). */
    void done(Exchange exchange) throws IOException {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Normalized n = exchange.getMessage().getBody(Normalized.class);
        @SuppressWarnings("unchecked")
        List<String> bad = exchange.getProperty(BAD_ROWS, List.class);
        String counts = n == null
                ? ""
                : n.samples().size() + " samples stored, " + n.quarantined().size() + " values quarantined, "
                        + n.suppressed() + " suppressed";
        if (bad != null && !bad.isEmpty()) {
            List<String> lines = new ArrayList<>();
            lines.add("file: " + name);
            lines.add("outcome: good rows ingested (onBadRows: keep-good-rows): " + counts);
            lines.add("rows refused: " + bad.size() + " of " + exchange.getProperty(ROWS));
            lines.addAll(bad);
            writeReport(name, lines);
            LOG.warn("file {}: {}; {} rows refused, see {}", name, counts, bad.size(), reportOf(name));
        } else {
            LOG.info("file {}: {}", name, counts);
        }
    }

    /** The file goes to the error folder (Camel's moveFailed); the report says why, line by line. */
    void rejected(Exchange exchange) throws IOException {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        List<String> lines = new ArrayList<>();
        lines.add("file: " + name);
        lines.add("outcome: rejected, nothing ingested: " + (e == null ? "unknown error" : e.getMessage()));
        if (e instanceof SourceParseException spe) {
            lines.addAll(spe.problems());
        }
        writeReport(name, lines);
        LOG.warn("file {} rejected to {}: {}", name, folders.error(), e == null ? "" : e.getMessage());
    }

    private Path reportOf(String name) {
        return folders.error().resolve(name + ".report.txt");
    }

    /** Written aside and moved in, so that whoever watches the error folder never reads half a report. */
    private void writeReport(String name, List<String> lines) throws IOException {
        Durable.replace(reportOf(name), lines);
    }
}
