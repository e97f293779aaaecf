package io.gridhub.cli.probe;

import io.gridhub.api.driver.Driver;
import java.net.URI;
import java.util.Map;

/**
 * What {@code ./gridhub probe} needs to talk to one protocol: the URL scheme it answers, and how a URL becomes the
 * driver's typed settings. Found with {@link java.util.ServiceLoader}: a protocol adds a class and a line in
 * {@code META-INF/services/io.gridhub.cli.probe.ProbeTarget}.
 */
public interface ProbeTarget {
    /** URL scheme, e.g. {@code modbus}. */
    String scheme();

    /** One line: the URL form and the address syntax, for help and error messages. */
    String usage();

    /**
     * The driver and its settings for a URL.
     *
     * @throws ProbeException when the URL cannot work (the message says what is wrong)
     */
    Resolved<?, ?> resolve(URI url) throws ProbeException;

    /**
     * The driver and its settings for a URL plus protocol options given on the command line (e.g. OPC UA's
     * {@code --security}); a target that takes none refuses them.
     *
     * @param options option name (without dashes) to value, only the options the user gave
     */
    default Resolved<?, ?> resolve(URI url, Map<String, String> options) throws ProbeException {
        if (!options.isEmpty()) {
            throw new ProbeException(
                    "--" + String.join(", --", options.keySet()) + " do not apply to " + scheme() + " URLs");
        }
        return resolve(url);
    }

    /** A driver with the settings to connect it. */
    record Resolved<S, A>(Driver<S, A> driver, S settings) {}
}
