package io.gridhub.store.derby.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last entry of the audit trail (seq and mac), recorded apart from the database after every append: the
 * chain alone cannot show that entries were cut off at its end or that the whole trail is gone; the head can.
 * Written atomically (temporary file, fsync, atomic rename), so a crash leaves the old head or the new one.
 */
public record AuditHead(long seq, String mac) {
    private static final Pattern FORMAT = Pattern.compile("seq=(\\d+)\\s+mac=([0-9a-f]{64})\\s*");

    /** The head in {@code file}; empty when there is no such file. */
    public static Optional<AuditHead> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new IOException("head file " + file + " is not 'seq=N mac=HEX'");
        }
        return Optional.of(new AuditHead(Long.parseLong(m.group(1)), m.group(2)));
    }

    void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        byte[] text = ("seq=" + seq + "\nmac=" + mac + "\n").getBytes(StandardCharsets.US_ASCII);
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(text));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // the rename itself survives a power cut
        } catch (IOException | UnsupportedOperationException e) {
            // some file systems cannot sync a folder; the rename is still atomic
        }
    }
}
