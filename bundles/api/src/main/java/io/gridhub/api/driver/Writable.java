package io.gridhub.api.driver;

import io.gridhub.api.model.Quality;
import org.osgi.annotation.versioning.ConsumerType;

/** A connection that can write setpoints. */
@ConsumerType
public interface Writable<A> {
    /**
     * Writes one raw value (before scale: the hub has already undone the point's scale and offset).
     *
     * @return GOOD when the device accepted the value, otherwise why it did not (e.g. an exception code)
     * @throws ConnectionException when the connection is lost
     */
    Quality write(A channel, double value) throws ConnectionException;
}
