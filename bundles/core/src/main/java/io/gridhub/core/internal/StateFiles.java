package io.gridhub.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON files where core components keep their state across restarts (the strategy lifecycle, the anomaly queue):
 * written atomically (a temporary file moved over the old one), and read so that a file that cannot be read never
 * stops the hub: it is set aside as {@code .broken}, the component starts afresh, and the log says so; and where
 * they are when the configuration names no file.
 */
public final class StateFiles {
    private static final Logger LOG = LoggerFactory.getLogger(StateFiles.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private StateFiles() {}

    /**
     * {@code configured} (trimmed) when set, else {@code ${karaf.data}/gridhub/<name>} ({@code data/} outside Karaf).
     */
    public static Path of(String configured, String name) {
        return configured == null || configured.isBlank()
                ? Paths.get(System.getProperty("karaf.data", "data"), "gridhub", name)
                : Paths.get(configured.trim());
    }

    /**
     * Reads {@code file}, when it exists, into {@code reader}; false when it exists but cannot be parsed or
     * {@code reader} refuses it (throws): then the file is moved to {@code <file>.broken}, logged as "the {@code what}
     * file … cannot be read (…): it is moved to … and {@code afresh}", and the caller starts afresh.
     */
    public static boolean read(Path file, String what, String afresh, Consumer<JsonNode> reader) {
        if (!Files.exists(file)) {
            return true;
        }
        try {
            reader.accept(JSON.readTree(file.toFile()));
            return true;
        } catch (IOException | RuntimeException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".broken");
            LOG.error(
                    "the {} file {} cannot be read ({}): it is moved to {} and {}",
                    what,
                    file,
                    e.getMessage(),
                    aside,
                    afresh);
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException m) {
                LOG.error("moving {} aside failed: {}", file, m.toString());
            }
            return false;
        }
    }

    /** Writes {@code root} to {@code file} atomically; a failure is logged (the caller goes on in memory). */
    public static void write(Path file, String what, JsonNode root) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            LOG.error("saving the {} to {} failed: {}", what, file, e.toString());
        }
    }
}
