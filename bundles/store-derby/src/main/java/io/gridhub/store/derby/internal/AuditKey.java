package io.gridhub.store.derby.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * The audit trail's HMAC key: 32 random bytes, kept as 64 hex digits in a file of its own outside the database
 * (readable by the hub's user only), so that whoever can change the database cannot recompute the chain. It is
 * created on the first start only: a missing key next to a non-empty trail is a verification failure, never a
 * reason to make a new one.
 */
public final class AuditKey {
    static final int BYTES = 32;

    private AuditKey() {}

    /** The key in {@code file}; empty when there is no such file. */
    public static Optional<byte[]> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        try {
            byte[] key = HexFormat.of().parseHex(text);
            if (key.length != BYTES) {
                throw new IOException("key file " + file + ": expected " + BYTES * 2 + " hex digits, found "
                        + text.length() + " characters");
            }
            return Optional.of(key);
        } catch (IllegalArgumentException e) {
            throw new IOException("key file " + file + ": not hex digits", e);
        }
    }

    /** Creates a new random key in {@code file} (owner-only where the file system has POSIX permissions). */
    static byte[] create(Path file) throws IOException {
        byte[] key = new byte[BYTES];
        new SecureRandom().nextBytes(key);
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = Files.getFileStore(existing(dir)).supportsFileAttributeView("posix");
        if (posix) {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir.getParent());
                Files.createDirectory(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } else {
            Files.createDirectories(dir);
        }
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
                }
                : new FileAttribute<?>[0];
        try {
            Files.createFile(file, attrs); // owner-only from the start: never readable by others, not even briefly
        } catch (FileAlreadyExistsException e) {
            throw new IOException("key file " + file + " appeared meanwhile; not overwritten", e);
        }
        if (!posix) {
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
            file.toFile().setWritable(false, false);
            file.toFile().setWritable(true, true);
        }
        Files.writeString(file, HexFormat.of().formatHex(key) + "\n", StandardCharsets.US_ASCII);
        return key;
    }

    /** Whether others than the owner may read or write the file (false where permissions are not POSIX). */
    static boolean tooOpen(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            return p.contains(PosixFilePermission.GROUP_READ)
                    || p.contains(PosixFilePermission.OTHERS_READ)
                    || p.contains(PosixFilePermission.GROUP_WRITE)
                    || p.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (UnsupportedOperationException | IOException e) {
            return false;
        }
    }

    private static Path existing(Path dir) {
        Path p = dir;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p == null ? Path.of(".").toAbsolutePath() : p;
    }
}
