package io.gridhub.camel.internal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.gridhub.api.model.PointId;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mapping files of a folder ({@code *.json}, one source each), read again when they change. A file that does
 * not parse or validate is refused with its path, line, column and key; the last good version of that file stays
 * in force and a later fix is picked up (the approach of core's TopologyService for community files).
 */
final class MappingFiles {
    private static final Logger LOG = LoggerFactory.getLogger(MappingFiles.class);
    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .addMixIn(PointId.class, PointIdMixin.class)
            .build();

    abstract static class PointIdMixin {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        PointIdMixin(String value) {}

        @JsonValue
        abstract String value();
    }

    private final Path directory;
    private final Consumer<SourceMapping> onLoaded;
    /** By file: the last good mapping (null while a file has none) and the time it was last read. */
    private final Map<Path, Loaded> files = new TreeMap<>();

    private final List<String> errors = new ArrayList<>();

    private record Loaded(SourceMapping mapping, FileTime modified) {}

    MappingFiles(Path directory, Consumer<SourceMapping> onLoaded) {
        this.directory = directory;
        this.onLoaded = onLoaded;
    }

    /** Reads new and changed files, forgets deleted ones. */
    synchronized void refresh() {
        List<Path> present = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, "*.json")) {
                ds.forEach(present::add);
            } catch (IOException e) {
                LOG.warn("cannot list mapping folder {}: {}", directory, e.getMessage());
                return;
            }
        }
        if (files.keySet().retainAll(present)) {
            LOG.info("mapping files removed; sources now: {}", sources().keySet());
        }
        for (Path p : present) {
            FileTime modified = modified(p);
            Loaded l = files.get(p);
            if (l == null || !modified.equals(l.modified())) {
                load(p, modified, l);
            }
        }
    }

    private void load(Path file, FileTime modified, Loaded last) {
        try {
            SourceMapping m = parse(file);
            SourceMapping clash = sourcesExcept(file).get(m.source());
            if (clash != null) {
                throw new MappingException(
                        "mapping file " + file + " refused ($.source): source '" + m.source()
                                + "' is already mapped by another file",
                        null);
            }
            files.put(file, new Loaded(m, modified));
            errors.removeIf(e -> e.contains(file.toString()));
            onLoaded.accept(m);
            LOG.info(
                    "mapping of source {} loaded from {}: {} points",
                    m.source(),
                    file,
                    m.points().size());
        } catch (MappingException e) {
            errors.removeIf(x -> x.contains(file.toString()));
            errors.add(e.getMessage());
            SourceMapping keep = last == null ? null : last.mapping();
            LOG.warn("{}{}", e.getMessage(), keep == null ? "" : "; keeping the last good mapping of " + keep.source());
            files.put(file, new Loaded(keep, modified));
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** Parses and validates one file; the message names the file, line, column and key of the problem. */
    static SourceMapping parse(Path file) throws MappingException {
        try {
            return JSON.readValue(file.toFile(), SourceMapping.class);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            String key = e instanceof JsonMappingException jme && !jme.getPath().isEmpty() ? keyOf(jme) : "$";
            if (cause instanceof SourceMapping.InvalidKey ik) {
                key = key + "." + ik.key;
            }
            key = " (" + key + ")";
            throw new MappingException(
                    "mapping file " + file + " refused" + where + key + ": "
                            + firstLine(cause == e ? e.getOriginalMessage() : cause.getMessage()),
                    e);
        } catch (IOException e) {
            throw new MappingException("mapping file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static String keyOf(JsonMappingException e) {
        StringBuilder sb = new StringBuilder("$");
        for (JsonMappingException.Reference ref : e.getPath()) {
            sb.append(ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]");
        }
        return sb.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The mappings in force, by source. */
    synchronized Map<String, SourceMapping> sources() {
        return sourcesExcept(null);
    }

    private Map<String, SourceMapping> sourcesExcept(Path skip) {
        Map<String, SourceMapping> m = new LinkedHashMap<>();
        files.forEach((p, l) -> {
            if (l.mapping() != null && !p.equals(skip)) {
                m.put(l.mapping().source(), l.mapping());
            }
        });
        return m;
    }

    synchronized Optional<SourceMapping> source(String source) {
        return Optional.ofNullable(sources().get(source));
    }

    /** The mapping whose file pattern takes this file name. */
    synchronized Optional<SourceMapping> forFile(String fileName) {
        Path name = Path.of(fileName);
        for (SourceMapping m : sources().values()) {
            if (m.file() != null) {
                PathMatcher matcher = FileSystems.getDefault()
                        .getPathMatcher("glob:" + m.file().pattern());
                if (matcher.matches(name)) {
                    return Optional.of(m);
                }
            }
        }
        return Optional.empty();
    }

    /** The refusals of files that are still wrong. */
    synchronized Collection<String> errors() {
        return List.copyOf(errors);
    }

    Path directory() {
        return directory;
    }

    /** A mapping file that cannot be used, with the reason. */
    static final class MappingException extends Exception {
        private static final long serialVersionUID = 1L;

        MappingException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
