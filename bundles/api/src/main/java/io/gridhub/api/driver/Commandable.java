package io.gridhub.api.driver;

import io.gridhub.api.model.Quality;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A connection that executes commands with select-before-operate: {@link #select} arms one command, which then
 * either {@link Selection#operate() operates} or is {@link Selection#cancel() cancelled}; the device refuses an
 * operate without a matching select.
 */
@ConsumerType
public interface Commandable<A> {
    /**
     * Selects a command.
     *
     * @return the selection; when {@link Selection#quality()} is not GOOD the device refused it and it cannot
     *         operate
     */
    Selection select(A channel, double value) throws ConnectionException;

    /** An armed command. */
    @ConsumerType
    interface Selection {
        /** GOOD when the device accepted the select, otherwise why not. */
        Quality quality();

        /** Executes the selected command; GOOD when the device executed it. */
        Quality operate() throws ConnectionException;

        /** Releases the selection without executing it. */
        void cancel() throws ConnectionException;
    }
}
