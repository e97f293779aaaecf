package io.gridhub.api.bus;

import org.osgi.annotation.versioning.ProviderType;

/** A live subscription; closing it stops delivery and frees its queue. */
@ProviderType
public interface Subscription extends AutoCloseable {
    /** Samples handed to the listener so far. */
    long delivered();

    /** Samples dropped because the listener's queue was full. */
    long missed();

    @Override
    void close();
}
