package io.gridhub.api.store;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An online backup of the hub's database (the time series, the settlement ledger and the audit trail) while the
 * hub runs and ingests: a consistent copy that a stopped hub can be restored from.
 */
@ProviderType
public interface StoreBackup {
    /**
     * Backs the database up into {@code directory} (absolute; created, and refused when it holds files already);
     * returns once the copy is complete and on disk.
     */
    Backup backup(Path directory) throws StoreException;

    /** A finished backup: where, when it started, its size and how long it took. */
    record Backup(Path directory, Instant started, long bytes, Duration took) {}
}
