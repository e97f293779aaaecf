package io.gridhub.store.derby.internal;

import io.gridhub.api.store.StoreBackup;
import io.gridhub.api.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The online backup of the store's database (time series, settlement ledger, audit trail) with Derby's
 * {@code SYSCS_UTIL.SYSCS_BACKUP_DATABASE}, which copies a consistent database while writes go on. The backup
 * folder holds {@code store/} (the database: a restore copies it back in place of {@code <data>/gridhub/store}) and
 * {@code audit.head}, the trail's head copied <em>before</em> the database, so that it never records an entry the
 * copy lacks (a head behind the trail is fine: the entries after it are chained by their macs). The audit key is
 * not copied: it belongs apart from the data (docs/security.md).
 */
final class DatabaseBackup implements StoreBackup {
    static final String DATABASE = "store";
    static final String HEAD = "audit.head";

    private final DataSource dataSource;
    private final Path database;
    private final Path headFile;
    private final Clock clock;

    /** {@code database}: the database's folder (its name is the folder Derby writes in the backup). */
    DatabaseBackup(DataSource dataSource, Path database, Path headFile, Clock clock) {
        this.dataSource = dataSource;
        this.database = database;
        this.headFile = headFile;
        this.clock = clock;
    }

    @Override
    public synchronized Backup backup(Path directory) throws StoreException {
        if (!directory.isAbsolute()) {
            throw new IllegalArgumentException("the backup folder must be an absolute path, got " + directory);
        }
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        try {
            if (Files.isDirectory(directory) && !isEmpty(directory)) {
                throw new StoreException("the backup folder " + directory + " is not empty");
            }
            Files.createDirectories(directory);
            if (headFile != null && Files.exists(headFile)) {
                Files.copy(headFile, directory.resolve(HEAD), StandardCopyOption.COPY_ATTRIBUTES);
            }
            try (Connection c = dataSource.getConnection();
                    CallableStatement call = c.prepareCall("CALL SYSCS_UTIL.SYSCS_BACKUP_DATABASE(?)")) {
                call.setString(1, directory.toString());
                call.execute();
            }
            Path written = directory.resolve(database.getFileName());
            if (!written.getFileName().toString().equals(DATABASE)) {
                Files.move(written, directory.resolve(DATABASE));
            }
            return new Backup(directory, started, size(directory), Duration.ofNanos(System.nanoTime() - t0));
        } catch (IOException | SQLException e) {
            throw new StoreException("the backup into " + directory + " failed: " + e.getMessage(), e);
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }
}
