package io.gridhub.api.driver;

import java.util.Objects;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The plain part of a {@link Driver}, given once to the constructor: its id, its settings type and its address
 * parser. A driver that extends it holds only what is its own: {@link #connect}, and {@link #format} when an
 * address's {@code toString} is not its canonical text. Implementing {@link Driver} directly works as well.
 *
 * @param <S> the typed device settings
 * @param <A> the driver's parsed channel address
 * @since 0.5
 */
@ConsumerType
public abstract class AbstractDriver<S, A> implements Driver<S, A> {
    /** Parses one address, as {@link Driver#parseAddress} does; usually a static {@code parse} of the address type. */
    @FunctionalInterface
    public interface AddressParser<A> {
        A parse(String text) throws AddressException;
    }

    private final String id;
    private final Class<S> settingsType;
    private final AddressParser<A> parser;

    /**
     * @param id           what {@link #id()} answers
     * @param settingsType what {@link #settingsType()} answers
     * @param parser       what {@link #parseAddress} calls
     */
    protected AbstractDriver(String id, Class<S> settingsType, AddressParser<A> parser) {
        this.id = Objects.requireNonNull(id, "id");
        this.settingsType = Objects.requireNonNull(settingsType, "settingsType");
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Class<S> settingsType() {
        return settingsType;
    }

    @Override
    public final A parseAddress(String text) throws AddressException {
        return parser.parse(text);
    }
}
