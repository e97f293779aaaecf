package io.gridhub.api.ingest;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** Values that could not be normalized, with their raw input and reason, newest first. */
@ProviderType
public interface Quarantine {
    /** The newest entries, at most {@code limit}. */
    List<QuarantineEntry> recent(int limit);

    /** Entries quarantined since the hub started (older ones may have left {@link #recent}, never uncounted). */
    long total();
}
