package io.gridhub.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON files where core components keep their state across restarts (the strategy lifecycle, the anomaly queue,
 * the devices' resume points): written atomically (a temporary file synced to disk, then moved over the old one, and
 * the directory synced), and read so that a file that cannot be read never
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

    /**
     * Writes {@code root} to {@code file} atomically and durably: the new content is on disk before it replaces the
     * old, so a crash leaves one or the other; a failure is logged (the caller goes on in memory). Returns whether
     * the file was written.
     */
    public static boolean write(Path file, String what, JsonNode root) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
            // A stream, not a channel: an interrupt (a device thread stopping) does not close it half-way.
            try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
                out.write(bytes);
                out.getFD().sync();
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(dir);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.error("saving the {} to {} failed: {}", what, file, e.toString());
            return false;
        }
    }

    /** Makes a rename in {@code dir} durable; where a directory cannot be opened (not on Linux) the move stands. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            LOG.debug("syncing the directory {} is not possible here: {}", dir, e.toString());
        }
    }
}
