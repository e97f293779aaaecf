package io.gridhub.api.driver;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An open connection to one device. The hub calls it from one thread at a time, so an implementation needs no
 * locking of its own. It may also implement {@link Writable}, {@link Commandable}, {@link Subscribable} or
 * {@link Browsable}; the hub checks with {@code instanceof}.
 *
 * @param <A> the driver's channel address
 */
@ConsumerType
public interface Connection<A> extends AutoCloseable {
    /**
     * Reads the channels, blocking up to the driver's timeout. A failure on one channel (an exception code, an
     * address the device refuses) is that channel's {@link Reading#quality()}; only a lost connection throws.
     *
     * @return one reading per channel, in the order asked
     * @throws ConnectionException when the connection is lost; the hub closes it and reconnects with backoff
     */
    List<Reading> read(List<A> channels) throws ConnectionException;

    /** Closes the connection and frees its resources; idempotent, never throws. */
    @Override
    void close();
}
