package io.gridhub.camel.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Files the ingest acknowledges by (the quarantine, the inbox's record of taken files, a rejected file's report):
 * written and forced to disk before the call returns, so that what a source was told is kept survives a crash of
 * the machine, not only of the hub.
 */
final class Durable {
    private Durable() {}

    /** Appends {@code lines} (each ended by a newline) to {@code file}, created when missing, and forces it. */
    static void append(Path file, List<String> lines) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (FileChannel ch = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            write(ch, lines);
        }
    }

    /** Replaces {@code file} by {@code lines} atomically: a forced temporary file moved over it. */
    static void replace(Path file, List<String> lines) throws IOException {
        Path dir = Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp"); // hidden from the folders' watchers
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            write(ch, lines);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(dir);
    }

    /** Forces what others wrote to {@code file} (through their own stream) to disk. */
    static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(false);
        }
    }

    private static void write(FileChannel ch, List<String> lines) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            b.append(l).append('\n');
        }
        ByteBuffer buffer = ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
            ch.write(buffer);
        }
        ch.force(false);
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some file systems cannot force a directory: the file's own force is all there is then.
        }
    }
}
