package io.gridhub.api.driver;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/** A connection that can list the channels a device offers. */
@ConsumerType
public interface Browsable<A> {
    /** The channels the device offers, at most {@code limit}. */
    List<BrowseEntry<A>> browse(int limit) throws ConnectionException;

    /** One discovered channel and what the device says about it. */
    record BrowseEntry<A>(A address, String description) {}
}
