package io.gridhub.api.driver;

import io.gridhub.api.model.Quality;
import java.util.Objects;
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

        /** A selection the device answered with {@code quality}, executed and released by the given actions. */
        static Selection of(Quality quality, Operate operate, Cancel cancel) {
            Objects.requireNonNull(quality, "quality");
            Objects.requireNonNull(operate, "operate");
            Objects.requireNonNull(cancel, "cancel");
            return new Selection() {
                @Override
                public Quality quality() {
                    return quality;
                }

                @Override
                public Quality operate() throws ConnectionException {
                    return operate.operate();
                }

                @Override
                public void cancel() throws ConnectionException {
                    cancel.cancel();
                }
            };
        }

        /** A selection the device refused: operating it answers {@code quality}, cancelling it does nothing. */
        static Selection refused(Quality quality) {
            return of(quality, () -> quality, () -> {});
        }

        /** How a selection executes its command (see {@link Selection#operate()}). */
        @FunctionalInterface
        @ConsumerType
        interface Operate {
            Quality operate() throws ConnectionException;
        }

        /** How a selection is released (see {@link Selection#cancel()}). */
        @FunctionalInterface
        @ConsumerType
        interface Cancel {
            void cancel() throws ConnectionException;
        }
    }
}
