package io.gridhub.api.driver;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A protocol driver: the one interface a vendor must implement (plus {@link Connection}). Register it as an OSGi
 * service; the hub then creates one device per factory configuration of {@link #factoryPid()}, converts that
 * configuration to {@link #settingsType()} and keeps a connection per device.
 *
 * @param <S> the typed device settings: an annotation type with {@code @ObjectClassDefinition} (metatype),
 *            never a string to parse
 * @param <A> the driver's parsed channel address
 */
@ConsumerType
public interface Driver<S, A> {
    /** Short lowercase id, e.g. {@code modbus}; names the driver in status, logs and the REST API. */
    String id();

    /** The settings type; the hub converts a device's configuration to it before {@link #connect}. */
    Class<S> settingsType();

    /** Factory PID of the device configurations, by default {@code io.gridhub.driver.<id>.device}. */
    default String factoryPid() {
        return "io.gridhub.driver." + id() + ".device";
    }

    /**
     * Parses an address once, at configuration time (e.g. {@code hr:100:float32}).
     *
     * @throws AddressException naming the address and what is wrong with it
     */
    A parseAddress(String text) throws AddressException;

    /** The canonical text of an address; {@code parseAddress(format(a))} equals {@code a}. */
    default String format(A address) {
        return address.toString();
    }

    /**
     * Opens a connection to one device. Called on the device's own thread; it may block up to the driver's
     * connect timeout.
     *
     * @throws ConnectionException when the device cannot be reached; {@link ConnectionException#isConfiguration()}
     *                             when the settings cannot work (the hub then stops retrying)
     */
    Connection<A> connect(S settings, DeviceContext context) throws ConnectionException;
}
