package io.gridhub.api.event;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** Raises events and lists the recent ones (newest first). */
@ProviderType
public interface HubEvents {
    HubEvent raise(String community, String source, Severity severity, String subject, String message);

    /** At most {@code limit} events, newest first. */
    List<HubEvent> recent(int limit);
}
